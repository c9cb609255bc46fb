package dev.userwhisperer.local.console;

import java.util.List;

/**
 * The overview page's figures.
 *
 * @param eventsPerSecond events received over the last minute of the platform clock, per second
 * @param eventsLastDay events received over the last 24 hours of the platform clock
 * @param dailyActive users active on the latest day with activity ({@code active_users_daily})
 * @param weeklyActive users active in the seven days up to it
 */
public record Overview(
    double eventsPerSecond,
    long eventsLastDay,
    long dailyActive,
    long weeklyActive,
    String activeUsersChart,
    String lifecycleChart,
    String channelChart,
    TableView channels,
    List<HoldoutComparison> holdout) {}

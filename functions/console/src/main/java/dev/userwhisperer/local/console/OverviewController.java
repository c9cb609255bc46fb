package dev.userwhisperer.local.console;

import static dev.userwhisperer.local.console.DashboardReads.DashboardView.ACTIVE_USERS_DAILY;
import static dev.userwhisperer.local.console.DashboardReads.DashboardView.CHANNEL_ENGAGEMENT;
import static dev.userwhisperer.local.console.DashboardReads.DashboardView.HOLDOUT_LIFT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The overview of one app: traffic, active users, lifecycle, channels, and the holdout. */
@Controller
class OverviewController {
  private final ConsoleApps apps;
  private final DashboardReads reads;
  private final Clock clock;

  OverviewController(ConsoleApps apps, DashboardReads reads, Clock clock) {
    this.apps = apps;
    this.reads = reads;
    this.clock = clock;
  }

  /** The first app, or the one picked in the selector. */
  @GetMapping({"/console", "/console/"})
  String start(@RequestParam(required = false) String app) {
    List<String> ids = apps.ids();
    String chosen = app != null && ids.contains(app) ? app : ids.isEmpty() ? null : ids.get(0);
    return chosen == null ? "console/no-apps" : "redirect:" + ConsoleApps.base(chosen);
  }

  @GetMapping("/console/apps/{appId}")
  String overview(@PathVariable String appId, Model model) {
    model.addAttribute("page", apps.page("Overview", Page.Section.OVERVIEW, appId));
    model.addAttribute("overview", overview(appId));
    return "console/overview";
  }

  private Overview overview(String appId) {
    Instant now = clock.instant();
    long lastMinute = reads.eventsReceivedSince(appId, now.minus(Duration.ofMinutes(1)));
    long lastDay = reads.eventsReceivedSince(appId, now.minus(Duration.ofDays(1)));

    List<Map<String, Object>> active = reads.view(ACTIVE_USERS_DAILY, appId);
    Map<String, Object> latest = active.isEmpty() ? Map.of() : active.get(active.size() - 1);

    Map<String, Long> lifecycle = new LinkedHashMap<>();
    reads
        .lifecycleDistribution(appId)
        .forEach(r -> lifecycle.put((String) r.get("lifecycle"), number(r.get("users"))));

    List<Map<String, Object>> channelRows = reads.view(CHANNEL_ENGAGEMENT, appId);
    Map<String, long[]> byChannel = new TreeMap<>();
    for (Map<String, Object> r : channelRows) {
      long[] sums = byChannel.computeIfAbsent((String) r.get("channel"), c -> new long[4]);
      sums[0] += number(r.get("messages"));
      sums[1] += number(r.get("delivered"));
      sums[2] += number(r.get("opened"));
      sums[3] += number(r.get("clicked"));
    }
    List<String> channels = List.copyOf(byChannel.keySet());
    Map<String, List<? extends Number>> channelSeries = new LinkedHashMap<>();
    String[] names = {"messages", "delivered", "opened", "clicked"};
    for (int i = 0; i < names.length; i++) {
      int column = i;
      channelSeries.put(names[i], channels.stream().map(c -> byChannel.get(c)[column]).toList());
    }

    return new Overview(
        lastMinute / 60.0,
        lastDay,
        number(latest.get("daily_active_users")),
        number(latest.get("weekly_active_users")),
        Charts.lines(
            active.stream().map(r -> TableView.text(r.get("event_date"))).toList(),
            Map.of(
                "daily active users",
                active.stream().map(r -> number(r.get("daily_active_users"))).toList())),
        Charts.pie(lifecycle),
        Charts.bars(channels, channelSeries),
        TableView.of(channelRows, "app_id"),
        holdout(reads.view(HOLDOUT_LIFT, appId)));
  }

  private static List<HoldoutComparison> holdout(List<Map<String, Object>> rows) {
    return List.of(
        comparison(rows, "active in week 4", "users", "active_week_4"),
        comparison(rows, "trial converted to paid", "trials", "trials_converted"),
        comparison(rows, "cancelled", "users", "cancelled"));
  }

  private static HoldoutComparison comparison(
      List<Map<String, Object>> rows, String outcome, String base, String hits) {
    long treated = sum(rows, "treated_" + base);
    long control = sum(rows, "control_" + base);
    return new HoldoutComparison(
        outcome, treated, sum(rows, "treated_" + hits), control, sum(rows, "control_" + hits));
  }

  private static long sum(List<Map<String, Object>> rows, String column) {
    return rows.stream().mapToLong(r -> number(r.get(column))).sum();
  }

  static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}

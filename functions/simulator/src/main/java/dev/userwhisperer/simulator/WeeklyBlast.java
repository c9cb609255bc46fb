package dev.userwhisperer.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Arm (b): one newsletter a week to every subscriber, Tuesdays at 15:00 UTC (morning in the
 * Americas, afternoon in Europe, night in Asia): the fixed hour a team picks once.
 */
public final class WeeklyBlast extends ClassicSchedule {
  static final DayOfWeek DAY = DayOfWeek.TUESDAY;
  static final int HOUR_UTC = 15;

  @Override
  void onHour(Instant from, Instant to) {
    var t = from.atZone(ZoneOffset.UTC);
    if (t.getDayOfWeek() == DAY && t.getHour() == HOUR_UTC) {
      for (Subscriber s : subscribers.values()) {
        if (s.signupAt != null && s.signupAt.isBefore(from)) {
          schedule(from, s, "newsletter");
        }
      }
    }
  }
}

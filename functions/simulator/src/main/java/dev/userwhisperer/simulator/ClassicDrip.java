package dev.userwhisperer.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Arm (c): the classic lifecycle drip, all e-mail: a welcome at signup, tips on day 3, a reminder
 * three days before the trial ends (unless the user already subscribed), and a win-back after 14
 * days without a session (once per spell of inactivity).
 */
public final class ClassicDrip extends ClassicSchedule {
  static final Duration TIPS_AFTER = Duration.ofDays(3);
  static final Duration REMINDER_BEFORE_TRIAL_END = Duration.ofDays(3);
  static final Duration WINBACK_AFTER = Duration.ofDays(14);

  private final Set<String> wonBackThisSpell = new HashSet<>();

  @Override
  void onSignup(Subscriber s) {
    schedule(s.signupAt.plusSeconds(60), s, "welcome");
    schedule(s.signupAt.plus(TIPS_AFTER), s, "tips");
  }

  @Override
  void onTrial(Subscriber s) {
    schedule(s.trialEndsAt.minus(REMINDER_BEFORE_TRIAL_END), s, "trial_ending");
  }

  @Override
  void onHour(Instant from, Instant to) {
    for (Subscriber s : subscribers.values()) {
      if (s.lastActiveAt == null || !reachable(s)) {
        continue;
      }
      String spell = s.userId + "@" + s.lastActiveAt;
      if (!s.lastActiveAt.plus(WINBACK_AFTER).isAfter(from) && wonBackThisSpell.add(spell)) {
        schedule(from, s, "winback");
      }
    }
  }

  @Override
  boolean stillWanted(Subscriber s, String intervention, Instant at) {
    return !intervention.equals("trial_ending") || s.trialing;
  }
}

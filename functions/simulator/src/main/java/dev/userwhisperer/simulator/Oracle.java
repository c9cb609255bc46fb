package dev.userwhisperer.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Arm (f), the oracle: the one arm told the users' hidden traits. It messages the persuadables
 * alone, never an unmoved user or a sleeping dog, each on the channel they answer best that still
 * reaches them, at their peak local hour. It keeps the moments the other arms share: a welcome, a
 * feature tip on day 3, the trial reminder 3 days before the end and a last call 1–1.5 days before
 * to a user who left the reminder unanswered, a win-back once per spell of 5 idle days (the moment
 * a win-back becomes relevant) no sooner than 2 days after the previous message, and a payment
 * notice while a card is failing. So its edge is whom, which channel and which hour, not what or
 * when: an informed reference to measure the others' lift against, not the best policy possible.
 */
public final class Oracle extends ClassicSchedule {
  static final Duration TIP_AFTER = Duration.ofDays(3);
  static final Duration REMINDER_BEFORE_TRIAL_END = Duration.ofDays(3);
  static final Duration LAST_CALL_BEFORE_TRIAL_END = Duration.ofHours(36);
  static final Duration IDLE_FOR_WINBACK = Duration.ofDays(5);
  static final Duration WINBACK_SPACING = Duration.ofDays(2);

  private final Map<String, Traits> persuadables = new HashMap<>();
  private final Set<String> answeredReminder = new HashSet<>();
  private final Set<String> pastDue = new HashSet<>();
  private final Set<String> wonBackThisSpell = new HashSet<>();
  private final Map<String, Instant> lastSent = new HashMap<>();

  public Oracle(List<Traits> population) {
    for (Traits t : population) {
      if (t.responseType() == ResponseType.PERSUADABLE) {
        persuadables.put(t.userId(), t);
      }
    }
  }

  /** The first instant at the user's peak local hour on or after {@code from}. */
  private Instant atPeak(Traits t, Instant from) {
    return Population.atLocalHour(from, t.zone(), t.peakHour());
  }

  @Override
  void onSignup(Subscriber s) {
    Traits t = persuadables.get(s.userId);
    if (t != null) {
      schedule(atPeak(t, s.signupAt), s, "welcome");
      schedule(atPeak(t, s.signupAt.plus(TIP_AFTER)), s, "feature_tip");
    }
  }

  @Override
  void onTrial(Subscriber s) {
    Traits t = persuadables.get(s.userId);
    if (t != null) {
      schedule(atPeak(t, s.trialEndsAt.minus(REMINDER_BEFORE_TRIAL_END)), s, "trial_ending");
      schedule(atPeak(t, s.trialEndsAt.minus(LAST_CALL_BEFORE_TRIAL_END)), s, "trial_ending");
    }
  }

  @Override
  void onEvent(Subscriber s, SimEvent e) {
    Traits t = persuadables.get(s.userId);
    if (t == null) {
      return;
    }
    switch (e.type()) {
      case "payment_failed" -> {
        pastDue.add(s.userId);
        schedule(atPeak(t, e.timestamp()), s, "payment_failed");
      }
      case "payment_succeeded" -> pastDue.remove(s.userId);
      default -> {}
    }
  }

  @Override
  void onHour(Instant from, Instant to) {
    for (Traits t : persuadables.values()) {
      Subscriber s = subscribers.get(t.userId());
      if (s == null || s.lastActiveAt == null || !reachable(s) || !idle(s, from)) {
        continue;
      }
      Instant previous = lastSent.get(s.userId);
      if (previous != null && previous.plus(WINBACK_SPACING).isAfter(from)) {
        continue;
      }
      if (wonBackThisSpell.add(s.userId + "@" + s.lastActiveAt)) {
        schedule(atPeak(t, from), s, "winback");
      }
    }
  }

  private static boolean idle(Subscriber s, Instant at) {
    return !s.lastActiveAt.plus(IDLE_FOR_WINBACK).isAfter(at);
  }

  @Override
  boolean stillWanted(Subscriber s, String intervention, Instant at) {
    return switch (intervention) {
      case "trial_ending" -> s.trialing && !answeredReminder.contains(s.userId);
      case "payment_failed" -> pastDue.contains(s.userId);
      case "winback" -> idle(s, at);
      default -> true;
    };
  }

  /** The reachable channel with the user's highest propensity to answer, if any is left. */
  @Override
  Optional<Channel> channel(Subscriber s) {
    Traits t = persuadables.get(s.userId);
    if (t == null) {
      return Optional.empty();
    }
    return Stream.of(Channel.values())
        .filter(c -> reaches(t, c) && !s.unsubscribed.contains(c))
        .max(Comparator.comparingDouble(c -> t.propensity().get(c)));
  }

  private static boolean reaches(Traits t, Channel c) {
    return switch (c) {
      case EMAIL -> true;
      case PUSH -> t.push();
      case SMS -> t.phone();
    };
  }

  @Override
  void onSent(Subscriber s, Message m) {
    lastSent.put(s.userId, m.deliveredAt());
  }

  @Override
  public void feedback(Message message, Feedback kind, Instant at) {
    super.feedback(message, kind, at);
    if (kind != Feedback.UNSUBSCRIBE && message.intervention().equals("trial_ending")) {
      answeredReminder.add(message.userId());
    }
  }
}

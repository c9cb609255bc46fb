package dev.userwhisperer.simulator;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * How a user answers a message, fixed before any arm ran and the same for every arm. It depends on
 * the message's channel and intervention, when it arrived, how many messages came before it, and
 * the user's hidden state and response type; never on who sent it. Every type opens and clicks
 * alike; only a persuadable comes back to the app for it, and a sleeping dog unsubscribes more.
 */
final class ResponseModel {
  private final ModelParameters p;

  ResponseModel(ModelParameters p) {
    this.p = p;
  }

  /** The user's hidden state that relevance is judged against. */
  record State(
      double ageDays,
      boolean trialing,
      double daysToTrialEnd,
      boolean disengaged,
      boolean pastDue) {}

  /**
   * Whether the intervention fits the user's state now: 1 fits, 0.5 generic content, 0.3 the wrong
   * moment, 0 about something that does not apply to the user.
   */
  static double relevance(String intervention, State s) {
    return switch (intervention) {
      case "welcome" -> s.ageDays() <= 2 ? 1 : 0.3;
      case "tips", "onboarding", "onboarding_nudge", "feature_tip" -> s.ageDays() <= 7 ? 1 : 0.3;
      case "upgrade_offer" -> s.trialing() ? 1 : 0;
      case "trial_ending" ->
          s.trialing() && s.daysToTrialEnd() >= 0 && s.daysToTrialEnd() <= 4 ? 1 : 0;
      case "winback", "churn_save" -> s.disengaged() ? 1 : 0.3;
      case "payment_failed" -> s.pastDue() ? 1 : 0;
      default -> 0.5;
    };
  }

  /** 1 at the user's peak local hour, falling to the channel's floor far from it. */
  double timing(Traits t, Channel channel, Instant at) {
    var local = at.atZone(t.zone());
    double hour = local.getHour() + local.getMinute() / 60.0;
    double d = Math.abs(hour - t.peakHour());
    d = Math.min(d, 24 - d);
    double floor =
        switch (channel) {
          case EMAIL -> p.emailTimingFloor();
          case PUSH -> p.pushTimingFloor();
          case SMS -> p.smsTimingFloor();
        };
    double w = p.timingWidthHours();
    return floor + (1 - floor) * Math.exp(-d * d / (2 * w * w));
  }

  double fatigue(Traits t, int recentMessages) {
    return Math.exp(-t.fatigueSensitivity() * recentMessages);
  }

  /** What the user does with one message: drawn with a fixed number of draws. */
  record Outcome(boolean open, boolean click, boolean unsubscribe, boolean returns) {}

  Outcome draw(
      Traits t,
      Channel channel,
      double relevance,
      double timing,
      int recentMessages,
      SplittableRandom r) {
    double uOpen = r.nextDouble();
    double uClick = r.nextDouble();
    double uUnsubscribe = r.nextDouble();
    double uReturn = r.nextDouble();
    double base = t.propensity().get(channel) * timing * fatigue(t, recentMessages);
    boolean open;
    boolean click;
    switch (channel) {
      case EMAIL -> {
        open = uOpen < base * (0.5 + 0.5 * relevance);
        click = open && uClick < t.clickGivenOpen() * relevance;
      }
      case PUSH -> {
        open = uOpen < base * (0.5 + 0.5 * relevance);
        click = false;
      }
      case SMS -> {
        open = false;
        click = uOpen < base * relevance;
      }
      default -> throw new IllegalStateException("unknown channel " + channel);
    }
    double typeFactor =
        t.responseType() == ResponseType.SLEEPING_DOG ? p.sleepingDogUnsubscribeFactor() : 1;
    boolean unsubscribe =
        uUnsubscribe
            < p.unsubscribeBase()
                * typeFactor
                * (1 + 2 * (1 - relevance))
                * (1 + t.fatigueSensitivity() * recentMessages);
    boolean returns =
        t.responseType() == ResponseType.PERSUADABLE
            && (click || (open && uReturn < p.relevantReturnProbability() * relevance));
    return new Outcome(open, click, unsubscribe, returns);
  }
}

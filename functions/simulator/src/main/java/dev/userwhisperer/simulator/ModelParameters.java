package dev.userwhisperer.simulator;

import java.util.List;

/**
 * Every number of the population and response model, with where it comes from. The same values
 * serve every arm; they were fixed before any arm was run and are printed into docs/simulation.md
 * from {@link #rows()}.
 */
public record ModelParameters(
    double trialShare,
    int trialDays,
    double sessionsPerDayMedian,
    double sessionsPerDaySpread,
    double activeHoursWidth,
    double engagementHalfLifeDaysMedian,
    double baseChurnPerDayMedian,
    double disengagementHazardFactor,
    double conversionPropensityMean,
    double paymentFailurePerDay,
    double paymentSelfRecoveryPerDay,
    int paymentGraceDays,
    double pushShare,
    double phoneShare,
    double emailOpenBaseMean,
    double pushOpenBaseMean,
    double smsClickBaseMean,
    double clickGivenOpenMean,
    double propensitySpread,
    double emailTimingFloor,
    double pushTimingFloor,
    double smsTimingFloor,
    double timingWidthHours,
    double fatigueSensitivityMax,
    double unsubscribeBase,
    double relevantOpenHazardFactor,
    int relevantOpenProtectionDays,
    double genericOpenHazardFactor,
    double annoyanceHazardPerMessage,
    double relevantReturnProbability,
    double reminderConversionLift,
    double messageRecoveryProbability,
    double persuadableShare,
    double sleepingDogShare,
    double sleepingDogHazardPerMessage,
    double sleepingDogConversionFactor,
    double sleepingDogUnsubscribeFactor) {

  /** The share of sleeping dogs when a run does not set it: the middle of the sensitivity sweep. */
  public static final double DEFAULT_SLEEPING_DOG_SHARE = 0.10;

  static final double DEFAULT_SLEEPING_DOG_HAZARD_PER_MESSAGE = 0.5;
  static final double DEFAULT_SLEEPING_DOG_CONVERSION_LOSS = 0.3;
  static final double DEFAULT_SLEEPING_DOG_UNSUBSCRIBE_FACTOR = 3;

  /**
   * Sleeping dogs are drawn among the users who are not persuadable, the least active the likeliest
   * (up to twice the share), so the share may not exceed half of what the persuadables leave.
   */
  public ModelParameters {
    if (persuadableShare < 0 || persuadableShare > 1) {
      throw new IllegalArgumentException("persuadableShare must be in [0, 1]: " + persuadableShare);
    }
    if (sleepingDogShare < 0 || 2 * sleepingDogShare > 1 - persuadableShare) {
      throw new IllegalArgumentException(
          "sleepingDogShare must be in [0, (1 - persuadableShare) / 2 = "
              + (1 - persuadableShare) / 2
              + "]: "
              + sleepingDogShare);
    }
  }

  public static ModelParameters defaults() {
    return new ModelParameters(
        0.75,
        14,
        1.0,
        0.6,
        2.5,
        30,
        0.006,
        4.0,
        0.30,
        0.002,
        0.15,
        7,
        0.6,
        0.3,
        0.50,
        0.20,
        0.15,
        0.25,
        0.4,
        0.5,
        0.2,
        0.5,
        3.0,
        0.5,
        0.001,
        0.5,
        7,
        0.85,
        0.15,
        0.5,
        0.3,
        0.6,
        0.5,
        DEFAULT_SLEEPING_DOG_SHARE,
        DEFAULT_SLEEPING_DOG_HAZARD_PER_MESSAGE,
        1 / (1 + DEFAULT_SLEEPING_DOG_CONVERSION_LOSS),
        DEFAULT_SLEEPING_DOG_UNSUBSCRIBE_FACTOR);
  }

  /** The same world with another share of users whom messages push away. */
  public ModelParameters withSleepingDogShare(double share) {
    return withSleepingDogs(
        share,
        sleepingDogHazardPerMessage,
        sleepingDogConversionFactor,
        sleepingDogUnsubscribeFactor);
  }

  /**
   * The same world with the sleeping dogs' harm scaled by {@code scale} (1: as documented; 0.5:
   * half as large): the hazard added per message, the conversion lost to a message in the trial's
   * last days (× 1 / (1 + 0.3 · scale)) and the unsubscribes beyond the others' (× 1 + 2 · scale).
   * For the sensitivity of conclusions to the assumed size of the harm.
   */
  public ModelParameters withSleepingDogHarm(double scale) {
    if (!(scale >= 0)) {
      throw new IllegalArgumentException("harm scale must not be negative, was " + scale);
    }
    return withSleepingDogs(
        sleepingDogShare,
        DEFAULT_SLEEPING_DOG_HAZARD_PER_MESSAGE * scale,
        1 / (1 + DEFAULT_SLEEPING_DOG_CONVERSION_LOSS * scale),
        1 + (DEFAULT_SLEEPING_DOG_UNSUBSCRIBE_FACTOR - 1) * scale);
  }

  private ModelParameters withSleepingDogs(
      double share, double hazardPerMessage, double conversionFactor, double unsubscribeFactor) {
    return new ModelParameters(
        trialShare,
        trialDays,
        sessionsPerDayMedian,
        sessionsPerDaySpread,
        activeHoursWidth,
        engagementHalfLifeDaysMedian,
        baseChurnPerDayMedian,
        disengagementHazardFactor,
        conversionPropensityMean,
        paymentFailurePerDay,
        paymentSelfRecoveryPerDay,
        paymentGraceDays,
        pushShare,
        phoneShare,
        emailOpenBaseMean,
        pushOpenBaseMean,
        smsClickBaseMean,
        clickGivenOpenMean,
        propensitySpread,
        emailTimingFloor,
        pushTimingFloor,
        smsTimingFloor,
        timingWidthHours,
        fatigueSensitivityMax,
        unsubscribeBase,
        relevantOpenHazardFactor,
        relevantOpenProtectionDays,
        genericOpenHazardFactor,
        annoyanceHazardPerMessage,
        relevantReturnProbability,
        reminderConversionLift,
        messageRecoveryProbability,
        persuadableShare,
        share,
        hazardPerMessage,
        conversionFactor,
        unsubscribeFactor);
  }

  /** One documented parameter: its name, value, meaning and the public figure behind it. */
  public record Row(String name, String value, String meaning, String source) {}

  public List<Row> rows() {
    String assumption = "model assumption (no public figure); same in every arm";
    return List.of(
        new Row(
            "trialShare",
            pct(trialShare),
            "users who start a free trial; the rest subscribe at signup",
            "RevenueCat, State of Subscription Apps 2024: most subscription apps lead with a"
                + " trial"),
        new Row(
            "trialDays",
            String.valueOf(trialDays),
            "trial length; a trial user who does not convert at its end leaves (hard paywall)",
            "common 7–14-day trials (RevenueCat 2024)"),
        new Row(
            "sessionsPerDayMedian / Spread",
            sessionsPerDayMedian + " / σ " + sessionsPerDaySpread,
            "sessions a day of a fresh user, log-normal across users",
            assumption),
        new Row(
            "activeHoursWidth",
            activeHoursWidth + " h",
            "σ of a user's activity around their peak local hour (8:00, 12:30 or 20:00)",
            assumption),
        new Row(
            "engagementHalfLifeDaysMedian",
            String.valueOf(engagementHalfLifeDaysMedian),
            "days for a user's session rate to halve without a reason to come back",
            "app usage decays steeply in the first month (Adjust / AppsFlyer retention"
                + " benchmarks: day-30 retention of apps in single digits to ~30 %)"),
        new Row(
            "baseChurnPerDayMedian",
            pct(baseChurnPerDayMedian),
            "daily hazard of leaving for an engaged user, log-normal across users",
            "≈ 15 % monthly churn of consumer subscriptions (Recurly churn benchmarks: B2C"
                + " 5–15 %/month)"),
        new Row(
            "disengagementHazardFactor",
            "× (1 + " + disengagementHazardFactor + " · disengagement)",
            "hazard rises with disengagement ∈ [0, 1] (half days-since-last-session / 7, half"
                + " lost session rate)",
            assumption),
        new Row(
            "conversionPropensityMean",
            pct(conversionPropensityMean),
            "trial→paid propensity; × (0.5 + sessions-in-trial / 7, at most 1.5)",
            "RevenueCat 2024: median trial-to-paid ≈ 38 %; the mean is set so that arm (a), no"
                + " messages, lands there"),
        new Row(
            "paymentFailurePerDay / SelfRecoveryPerDay / GraceDays",
            pct(paymentFailurePerDay)
                + " / "
                + pct(paymentSelfRecoveryPerDay)
                + " / "
                + paymentGraceDays,
            "a paying user's card fails; fixed by the user alone, or cancelled after the grace"
                + " days",
            "Recurly: involuntary churn is 20–40 % of all churn"),
        new Row(
            "pushShare / phoneShare",
            pct(pushShare) + " / " + pct(phoneShare),
            "users who allow push / gave a phone and SMS consent (all gave an e-mail)",
            "push opt-in 50–70 % (Airship, Business of Apps); SMS opt-in is rarer"),
        new Row(
            "emailOpenBaseMean",
            pct(emailOpenBaseMean),
            "open probability of a relevant, well-timed, unfatigued e-mail",
            "welcome e-mails open at 50–80 % (GetResponse benchmarks); gives ≈ 22 % for a"
                + " generic blast (Mailchimp average open 21 %)"),
        new Row(
            "pushOpenBaseMean",
            pct(pushOpenBaseMean),
            "same for push",
            "push open rates 4–14 % depending on vertical (Airship / Business of Apps)"),
        new Row(
            "smsClickBaseMean",
            pct(smsClickBaseMean),
            "click probability of a relevant, well-timed SMS (SMS opens are not tracked)",
            "SMS click-through 6–10 % (Klaviyo / Attentive SMS benchmarks)"),
        new Row(
            "clickGivenOpenMean",
            pct(clickGivenOpenMean),
            "click-to-open of a relevant e-mail, × relevance",
            "e-mail click ≈ 3 % of sends at ≈ 22 % opens (Mailchimp: 2.6 %)"),
        new Row(
            "propensitySpread",
            "σ " + propensitySpread,
            "log-normal spread of each user's channel propensities around the means",
            assumption),
        new Row(
            "timing floors (email / push / sms), width",
            emailTimingFloor
                + " / "
                + pushTimingFloor
                + " / "
                + smsTimingFloor
                + ", σ "
                + timingWidthHours
                + " h",
            "timing = floor + (1 − floor) · exp(−d² / 2σ²), d = hours between local send hour"
                + " and peak hour; push is seen only when it arrives",
            "send-time optimisation lifts opens by a few points to ~20 % (Braze, Iterable"
                + " case studies)"),
        new Row(
            "fatigueSensitivityMax",
            String.valueOf(fatigueSensitivityMax),
            "sensitivity s ~ U(0.05, max); fatigue = exp(−s · messages in the last 7 days)",
            assumption),
        new Row(
            "unsubscribeBase",
            pct(unsubscribeBase),
            "unsubscribe per message × (1 + 2 (1 − relevance)) × (1 + s · recent messages)",
            "Mailchimp average unsubscribe 0.26 % per e-mail"),
        new Row(
            "relevant open: hazard factor, days",
            "× " + relevantOpenHazardFactor + ", " + relevantOpenProtectionDays + " d",
            "an opened relevant message halves the churn hazard for a week",
            assumption),
        new Row(
            "genericOpenHazardFactor",
            "× " + genericOpenHazardFactor + ", 3 d",
            "an opened generic message (newsletter) lowers it a little",
            assumption),
        new Row(
            "annoyanceHazardPerMessage",
            "+ " + annoyanceHazardPerMessage + " · s per message",
            "each message of the last 7 days beyond the first raises the hazard, scaled by the"
                + " user's sensitivity s",
            assumption),
        new Row(
            "relevantReturnProbability",
            pct(relevantReturnProbability) + " × relevance",
            "an opened message brings the user back for a session; a click always does",
            assumption),
        new Row(
            "reminderConversionLift",
            "× " + (1 + reminderConversionLift),
            "conversion when a trial-ending reminder was opened in the trial's last 4 days",
            assumption),
        new Row(
            "messageRecoveryProbability",
            pct(messageRecoveryProbability),
            "a clicked payment-failed message gets the card fixed",
            assumption),
        new Row(
            "persuadableShare",
            pct(persuadableShare),
            "users whom a relevant message helps (the effects above); the others are unmoved or"
                + " sleeping dogs",
            "assumption: no public figure gives the share of users a message moves. Randomized"
                + " campaigns publish average effects only (Hillstrom's MineThatData e-mail test,"
                + " 64,000 customers in thirds: site visits within two weeks 10.6 % without an"
                + " e-mail, 15.1 % and 18.3 % with one), which few users moved a lot and many moved"
                + " a little fit alike; half is a round guess, the same in every arm"),
        new Row(
            "sleepingDogShare",
            pct(sleepingDogShare) + " (swept: 0 / 10 / 20 %)",
            "users whom messages push away, drawn among the non-persuadable, likelier the less"
                + " active the user: weight 2 (1 − F(sessions a day)), F the population's"
                + " distribution of it",
            "assumption, hence the sensitivity table. Radcliffe & Surry 2011 (\"Real-World Uplift"
                + " Modelling with Significance-Based Uplift Trees\") report retention campaigns"
                + " that drove customers away in some segments, inertia being what kept them;"
                + " Ascarza 2018 (\"Retention futility\", JMR 55(1)) finds the response to a"
                + " retention contact heterogeneous and not aligned with churn risk"),
        new Row(
            "sleepingDogHazardPerMessage",
            "× (1 + " + sleepingDogHazardPerMessage + " · messages of the last 7 days)",
            "a sleeping dog's daily churn hazard after messages, from the first one",
            "Ascarza, Iyengar & Schleicher 2016 (JMR 53(1), 65,000 wireless customers): churn"
                + " three months after a plan-recommendation contact 10.0 % against 6.4 % for"
                + " those not contacted, × 1.56; that one message acts within its week is the"
                + " model's assumption"),
        new Row(
            "sleepingDogConversionFactor",
            String.format(java.util.Locale.ROOT, "× %.2f", sleepingDogConversionFactor),
            "a sleeping dog's trial → paid when a message reached it in the trial's last 4 days",
            "assumption: the mirror of the reminder's lift (× 1.3 for a persuadable who opens"
                + " it)"),
        new Row(
            "sleepingDogUnsubscribeFactor",
            "× " + sleepingDogUnsubscribeFactor,
            "a sleeping dog's unsubscribe probability per message",
            "assumption: with the return to the app that follows a persuadable's open, what a"
                + " messenger can see of the types"));
  }

  private static String pct(double p) {
    return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * p);
  }
}

package dev.userwhisperer.core.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the platform knows of one user of one app. Immutable: analyze derives the next profile from
 * the previous one and a batch of events; the store keeps it in one document per user.
 *
 * @param traits user traits (email, phone, pushToken, firstName, locale, timezone, plan, …)
 * @param reachability addresses, consent and unsubscribes per channel
 * @param activity counters and first/last seen
 * @param billing trial and subscription state
 * @param lifecycle the stage by the rules of {@code LifecycleRules}, as of {@code updatedAt}
 * @param features the behavioral model kept by analyze
 * @param insights why the stage, and the engagement score with its reasons, as of {@code updatedAt}
 * @param churn the latest churn score, null when no model has scored the profile
 * @param responsiveness what the user's responses to messages taught decide's bandits and caps
 * @param recentMessageIds the last event messageIds applied, so that a redelivered event changes
 *     nothing (bounded to {@link #RECENT_MESSAGE_IDS})
 * @param mergedInto the user this (anonymous) profile was merged into by an {@code alias}, whose
 *     profile receives its later events; null for a profile in its own right
 * @param schedule the user's scheduled checks (inactivity, drift, trial, growth, deferred sends),
 *     for the sweep
 */
public record Profile(
    String appId,
    String userId,
    Map<String, Object> traits,
    Reachability reachability,
    Activity activity,
    Billing billing,
    LifecycleStage lifecycle,
    Features features,
    Insights insights,
    ChurnScore churn,
    Responsiveness responsiveness,
    List<String> recentMessageIds,
    Instant updatedAt,
    String mergedInto,
    Schedule schedule) {

  public static final int RECENT_MESSAGE_IDS = 512;

  /** A profile in its own right, not merged into another. */
  public Profile(
      String appId,
      String userId,
      Map<String, Object> traits,
      Reachability reachability,
      Activity activity,
      Billing billing,
      LifecycleStage lifecycle,
      Features features,
      Insights insights,
      ChurnScore churn,
      Responsiveness responsiveness,
      List<String> recentMessageIds,
      Instant updatedAt) {
    this(
        appId,
        userId,
        traits,
        reachability,
        activity,
        billing,
        lifecycle,
        features,
        insights,
        churn,
        responsiveness,
        recentMessageIds,
        updatedAt,
        null,
        Schedule.NONE);
  }

  public Profile {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    traits = traits == null ? Map.of() : Map.copyOf(traits);
    reachability = reachability == null ? Reachability.NONE : reachability;
    activity = activity == null ? Activity.NONE : activity;
    billing = billing == null ? Billing.NONE : billing;
    lifecycle = lifecycle == null ? LifecycleStage.NEW : lifecycle;
    features = features == null ? Features.NONE : features;
    insights = insights == null ? Insights.NONE : insights;
    responsiveness = responsiveness == null ? Responsiveness.NONE : responsiveness;
    recentMessageIds = recentMessageIds == null ? List.of() : List.copyOf(recentMessageIds);
    schedule = schedule == null ? Schedule.NONE : schedule;
    for (var task : schedule.tasks()) {
      if (!task.appId().equals(appId) || !task.userId().equals(userId)) {
        throw new IllegalArgumentException(
            "task " + task.id() + " is not of profile " + appId + "/" + userId);
      }
    }
  }

  /** This profile reached through {@code next} instead. */
  public Profile withReachability(Reachability next) {
    return new Profile(
        appId,
        userId,
        traits,
        next,
        activity,
        billing,
        lifecycle,
        features,
        insights,
        churn,
        responsiveness,
        recentMessageIds,
        updatedAt,
        mergedInto,
        schedule);
  }

  /** This profile with its stage and insights as of {@code at}. */
  public Profile withStage(LifecycleStage stage, Insights why, Instant at) {
    return new Profile(
        appId,
        userId,
        traits,
        reachability,
        activity,
        billing,
        stage,
        features,
        why,
        churn,
        responsiveness,
        recentMessageIds,
        at,
        mergedInto,
        schedule);
  }

  /** This profile with {@code next} as its scheduled checks; nothing else changes. */
  public Profile withSchedule(Schedule next) {
    return new Profile(
        appId,
        userId,
        traits,
        reachability,
        activity,
        billing,
        lifecycle,
        features,
        insights,
        churn,
        responsiveness,
        recentMessageIds,
        updatedAt,
        mergedInto,
        next);
  }

  /** This profile with its churn score; nothing else changes. */
  public Profile withChurn(ChurnScore score) {
    return new Profile(
        appId,
        userId,
        traits,
        reachability,
        activity,
        billing,
        lifecycle,
        features,
        insights,
        score,
        responsiveness,
        recentMessageIds,
        updatedAt,
        mergedInto,
        schedule);
  }

  /** This profile with its responsiveness; nothing else changes. */
  public Profile withResponsiveness(Responsiveness next) {
    return new Profile(
        appId,
        userId,
        traits,
        reachability,
        activity,
        billing,
        lifecycle,
        features,
        insights,
        churn,
        next,
        recentMessageIds,
        updatedAt,
        mergedInto,
        schedule);
  }

  /**
   * What is left of this profile once merged into {@code userId}'s: nothing but the mark, which
   * sends its later events there.
   */
  public Profile foldedInto(String userId) {
    Objects.requireNonNull(userId, "userId");
    return new Profile(
        appId,
        this.userId,
        Map.of(),
        null,
        null,
        null,
        LifecycleStage.NEW,
        null,
        null,
        null,
        null,
        List.of(),
        updatedAt,
        userId,
        Schedule.NONE);
  }

  /** This profile marked as merged into {@code userId}'s, its content kept until folded there. */
  public Profile markedMergedInto(String userId) {
    Objects.requireNonNull(userId, "userId");
    return new Profile(
        appId,
        this.userId,
        traits,
        reachability,
        activity,
        billing,
        lifecycle,
        features,
        insights,
        churn,
        responsiveness,
        recentMessageIds,
        updatedAt,
        userId,
        schedule);
  }

  /** The profile of a user the platform has not seen yet. */
  public static Profile empty(String appId, String userId) {
    return new Profile(
        appId,
        userId,
        Map.of(),
        null,
        null,
        null,
        LifecycleStage.NEW,
        null,
        null,
        null,
        null,
        List.of(),
        null);
  }

  public String trait(String key) {
    return traits.get(key) instanceof String s ? s : null;
  }

  public String locale() {
    String locale = trait("locale");
    return locale == null ? "en" : locale;
  }

  public String timezone() {
    String tz = trait("timezone");
    return tz == null ? "UTC" : tz;
  }
}

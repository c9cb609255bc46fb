package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfig.Feature;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the platform knows of a user's behaviour, in terms coarse enough to share copy between users
 * and to put in a prompt: no name, contact, id or free text of the user's.
 *
 * @param stage the lifecycle stage
 * @param engagement {@code low} (score under 34), {@code medium} or {@code high} (67 and over)
 * @param engagementDrivers the behaviour features that weigh most in the engagement score (e.g.
 *     {@code sessions_7d}), largest first, at most three
 * @param featuresUsed the catalogue features the user has used, by key, in catalogue order
 * @param nextFeature the first catalogue feature the user has not used yet, null when none
 * @param trialDaysLeft whole days until the trial ends (rounded up), null when not trialing
 */
public record Situation(
    LifecycleStage stage,
    String engagement,
    List<String> engagementDrivers,
    List<String> featuresUsed,
    Feature nextFeature,
    Integer trialDaysLeft) {

  public Situation {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(engagement, "engagement");
    engagementDrivers = List.copyOf(engagementDrivers);
    featuresUsed = List.copyOf(featuresUsed);
  }

  public static Situation of(Profile profile, AppConfig config, Instant now) {
    Set<String> used = Set.copyOf(profile.features().featuresUsed());
    int score = profile.insights().engagement();
    Instant trialEnd = profile.billing().trialEndsAt();
    Integer daysLeft =
        trialEnd == null || !trialEnd.isAfter(now)
            ? null
            : (int) ((Duration.between(now, trialEnd).toHours() + 23) / 24);
    return new Situation(
        profile.lifecycle(),
        score < 34 ? "low" : score < 67 ? "medium" : "high",
        profile.insights().engagementTop().stream().limit(3).map(c -> c.feature()).toList(),
        config.features().stream().map(Feature::key).filter(used::contains).toList(),
        config.features().stream().filter(f -> !used.contains(f.key())).findFirst().orElse(null),
        daysLeft);
  }

  /**
   * The coarse bucket copy is shared within: stage, engagement, trial days (0–1, 2–3, 4–7, 8+) and
   * the feature to suggest.
   */
  public String bucket() {
    String trial =
        trialDaysLeft == null
            ? "-"
            : trialDaysLeft <= 1
                ? "0-1"
                : trialDaysLeft <= 3 ? "2-3" : trialDaysLeft <= 7 ? "4-7" : "8+";
    return stage
        + "/"
        + engagement
        + "/trial:"
        + trial
        + "/next:"
        + (nextFeature == null ? "-" : nextFeature.key());
  }
}

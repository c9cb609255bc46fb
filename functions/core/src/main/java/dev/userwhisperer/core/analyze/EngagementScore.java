package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Features.MessageStats;
import dev.userwhisperer.core.profile.Insights.Contribution;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/**
 * The engagement score, 0 to 100: the sum of six features, each scaled to [0, 1] and weighted.
 *
 * <table>
 *   <caption>features and weights</caption>
 *   <tr><th>feature</th><th>scaled</th><th>weight</th></tr>
 *   <tr><td>{@code active_days_7d}</td><td>days / 7</td><td>30</td></tr>
 *   <tr><td>{@code days_since_active}</td><td>1 − days / 14, at least 0</td><td>20</td></tr>
 *   <tr><td>{@code sessions_7d}</td><td>sessions / 7, at most 1</td><td>15</td></tr>
 *   <tr><td>{@code feature_adoption}</td><td>distinct features / the app's catalogue (trait {@value
 *       #CATALOG_TRAIT}); without one, distinct features / 5, at most 1</td><td>15</td></tr>
 *   <tr><td>{@code message_response}</td><td>(opens + clicks + 1) / (sent + 2), at most 1: ½ when nothing
 *       was sent</td><td>10</td></tr>
 *   <tr><td>{@code drift}</td><td>1 − drift</td><td>10</td></tr>
 * </table>
 *
 * The top {@value #TOP} contributions (in points) explain the score.
 */
public final class EngagementScore {
  /** The trait an app may set with the number of features in its catalogue. */
  public static final String CATALOG_TRAIT = "featureCatalogSize";

  static final int TOP = 3;
  private static final int FEATURES_WITHOUT_CATALOG = 5;

  private EngagementScore() {}

  /** A score and its largest contributions. */
  public record Scored(int score, List<Contribution> top) {}

  public static Scored of(Profile profile, Instant at, LifecycleThresholds thresholds) {
    Features f = profile.features();
    ZoneId zone = Features.zone(profile.timezone());
    LocalDate today = at.atZone(zone).toLocalDate();

    long activeDays = f.activeDays(7, today);
    Instant lastActive = profile.activity().lastActiveAt();
    double sinceActive =
        lastActive == null
            ? Double.POSITIVE_INFINITY
            : Duration.between(lastActive, at).toSeconds() / 86_400.0;
    long sessions = f.sessionsIn(7, today);
    long distinct = f.featuresUsed().size();
    double share = FeatureVector.catalogShare(profile);
    double adoption =
        share >= 0 ? share : Math.min(1, (double) distinct / FEATURES_WITHOUT_CATALOG);
    double adoptionValue = share >= 0 ? share : distinct;
    long sent = 0;
    long responses = 0;
    for (MessageStats m : f.messages().values()) {
      sent += m.sent();
      responses += m.opened() + m.clicked();
    }
    double response = Math.min(1, (responses + 1.0) / (sent + 2.0));
    double drift =
        f.driftAt(at, zone, thresholds.driftMinBaselineDays(), thresholds.driftMinBaselineRate());

    List<Contribution> parts =
        List.of(
            new Contribution("active_days_7d", activeDays, 30 * activeDays / 7.0),
            new Contribution(
                "days_since_active",
                Double.isFinite(sinceActive) ? sinceActive : -1,
                20 * Math.max(0, 1 - sinceActive / 14)),
            new Contribution("sessions_7d", sessions, 15 * Math.min(1, sessions / 7.0)),
            new Contribution("feature_adoption", adoptionValue, 15 * adoption),
            new Contribution("message_response", response, 10 * response),
            new Contribution("drift", drift, 10 * (1 - drift)));
    double total = parts.stream().mapToDouble(Contribution::contribution).sum();
    int score = (int) Math.max(0, Math.min(100, Math.round(total)));
    List<Contribution> top =
        parts.stream()
            .sorted(Comparator.comparingDouble(Contribution::contribution).reversed())
            .limit(TOP)
            .toList();
    return new Scored(score, top);
  }
}

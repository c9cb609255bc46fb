package dev.userwhisperer.models;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.analyze.ProfileUpdater;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Point-in-time-correct training rows from the warehouse's events, with the platform's own feature
 * code: each user's events with an event time at or before the cutoff {@code t} are folded into an
 * empty profile by core's {@link ProfileUpdater}, in one batch, and {@link FeatureVector#of} reads
 * that profile as of {@code t}, exactly as analyze computes the vector it scores. No event after
 * {@code t} reaches the features; the labels read only events in {@code (t, t + horizon]}.
 *
 * <p>Event time, not receipt time, decides what is before {@code t}: replays and backfills are
 * received long after they happened, and analyze folds them in on event time too. A user whose
 * first event is after {@code t} does not exist yet and gets no row.
 */
public final class PointInTimeFeatures {
  /** Conversion: a paid subscription started. */
  public static final Set<String> CONVERSION_TYPES = Set.of(EventTypes.SUBSCRIPTION_STARTED);

  private final ProfileUpdater updater;
  private final LifecycleThresholds thresholds;
  private final Duration horizon;
  private final Set<String> activityTypes;
  private final Set<String> conversionTypes;

  /**
   * @param activityTypes event types that count as activity for the churn label ({@link
   *     EventTypes#ACTIVITY} for an app; whatever the app's users come back for, otherwise)
   * @throws IllegalArgumentException unless the horizon is positive and both type sets non-empty
   */
  public PointInTimeFeatures(
      LifecycleThresholds thresholds,
      Duration horizon,
      Set<String> activityTypes,
      Set<String> conversionTypes) {
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon must be positive: " + horizon);
    }
    if (activityTypes.isEmpty() || conversionTypes.isEmpty()) {
      throw new IllegalArgumentException("activity and conversion types must not be empty");
    }
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.updater = new ProfileUpdater(new LifecycleRules(thresholds));
    this.horizon = horizon;
    this.activityTypes = Set.copyOf(activityTypes);
    this.conversionTypes = Set.copyOf(conversionTypes);
  }

  /**
   * The default thresholds, 28-day horizon, {@link EventTypes#ACTIVITY}, {@link #CONVERSION_TYPES}.
   */
  public static PointInTimeFeatures defaults() {
    return new PointInTimeFeatures(
        LifecycleThresholds.DEFAULTS, Duration.ofDays(28), EventTypes.ACTIVITY, CONVERSION_TYPES);
  }

  public Duration horizon() {
    return horizon;
  }

  public Set<String> activityTypes() {
    return activityTypes;
  }

  public Set<String> conversionTypes() {
    return conversionTypes;
  }

  /** The names of {@link FeatureVector#of}, in its order: the model's columns. */
  public List<String> featureNames() {
    return List.copyOf(
        FeatureVector.of(Profile.empty("app", "user"), Instant.EPOCH, thresholds).keySet());
  }

  /**
   * One row per user with an event at or before {@code cutoff}, in the order of the events (which
   * {@link WarehouseEventSource} gives grouped by app and user).
   */
  public List<PlatformExample> build(List<WarehouseEvent> events, Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    Map<List<String>, List<Event>> byUser = new LinkedHashMap<>();
    for (WarehouseEvent e : events) {
      byUser.computeIfAbsent(List.of(e.appId(), e.userId()), k -> new ArrayList<>()).add(e.event());
    }
    List<PlatformExample> rows = new ArrayList<>();
    byUser.forEach(
        (key, userEvents) -> {
          List<Event> past =
              userEvents.stream().filter(e -> !e.timestamp().isAfter(cutoff)).toList();
          if (!past.isEmpty()) {
            rows.add(example(key.get(0), key.get(1), past, userEvents, cutoff));
          }
        });
    return rows;
  }

  /** The feature vector of a user as of {@code cutoff}, from their events at or before it only. */
  public Map<String, Double> features(
      String appId, String userId, List<Event> events, Instant cutoff) {
    List<Event> past = events.stream().filter(e -> !e.timestamp().isAfter(cutoff)).toList();
    Profile profile = updater.apply(Profile.empty(appId, userId), past).profile();
    return FeatureVector.of(profile, cutoff, thresholds);
  }

  private PlatformExample example(
      String appId, String userId, List<Event> past, List<Event> all, Instant cutoff) {
    Instant end = cutoff.plus(horizon);
    boolean active = false;
    boolean converted = false;
    for (Event e : all) {
      if (e.timestamp().isAfter(cutoff) && !e.timestamp().isAfter(end)) {
        active |= activityTypes.contains(e.type());
        converted |= conversionTypes.contains(e.type());
      }
    }
    return new PlatformExample(
        appId, userId, features(appId, userId, past, cutoff), !active, converted);
  }
}

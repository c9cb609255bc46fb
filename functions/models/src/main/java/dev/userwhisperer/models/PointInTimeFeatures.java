package dev.userwhisperer.models;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.analyze.ProfileUpdater;
import dev.userwhisperer.core.decide.KeptDecision;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * <p>The user's own response history ({@code own_*}) needs the messages the platform sent, which
 * are not events: {@link #examples(String, String, List, List, List)} replays the warehouse's
 * decisions among the events, as decide kept them on the profile.
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

  /**
   * The rows {@link #build} gives one user at each of {@code cutoffs} (null where the user has no
   * event at or before it), with the user's events folded once: in event-time order, taking the
   * vector at each cutoff on the way. The fold of the events up to a cutoff continued by those up
   * to the next is the fold of all of them at once, as analyze's batch by batch fold is; a user
   * whose events repeat a message id is folded from scratch at each cutoff instead, because which
   * of the repeats a batch keeps depends on the batch.
   */
  public List<PlatformExample> examples(
      String appId, String userId, List<Event> events, List<Instant> cutoffs) {
    PlatformExample[] rows = new PlatformExample[cutoffs.size()];
    if (events.stream().map(Event::messageId).distinct().count() < events.size()) {
      for (int c = 0; c < rows.length; c++) {
        Instant cutoff = cutoffs.get(c);
        List<Event> past = events.stream().filter(e -> !e.timestamp().isAfter(cutoff)).toList();
        rows[c] =
            past.isEmpty()
                ? null
                : example(appId, userId, features(appId, userId, past, cutoff), events, cutoff);
      }
      return Arrays.asList(rows);
    }
    List<Event> inTimeOrder = new ArrayList<>(events);
    inTimeOrder.sort(Comparator.comparing(Event::timestamp));
    List<Integer> byCutoff = new ArrayList<>();
    for (int c = 0; c < rows.length; c++) {
      byCutoff.add(c);
    }
    byCutoff.sort(Comparator.comparing(cutoffs::get));
    Profile profile = Profile.empty(appId, userId);
    int folded = 0;
    for (int c : byCutoff) {
      Instant cutoff = cutoffs.get(c);
      int end = folded;
      while (end < inTimeOrder.size() && !inTimeOrder.get(end).timestamp().isAfter(cutoff)) {
        end++;
      }
      if (end > folded) {
        profile = updater.apply(profile, inTimeOrder.subList(folded, end)).profile();
        folded = end;
      }
      if (folded > 0) {
        Map<String, Double> vector = FeatureVector.of(profile, cutoff, thresholds);
        rows[c] = example(appId, userId, vector, events, cutoff);
      }
    }
    return Arrays.asList(rows);
  }

  /**
   * The rows of one user at each of {@code cutoffs} (null where the user has no event at or before
   * it) with the decisions the platform kept for them replayed among their events, in time order:
   * the events up to a decision's time are folded, then the decision is kept on the profile as
   * decide keeps it ({@link KeptDecision#applyTo}: it settles the messages whose window has ended
   * and adds the one it sends), and the events after it answer that message. So the {@code own_*}
   * features at a cutoff are those of the profile serving held then, from what happened at or
   * before it only. Without decisions, the rows of {@link #examples(String, String, List, List)}.
   * With them, events are folded in event-time order (a repeated message id keeps its earliest
   * event), split at the decisions and the cutoffs as analyze's batches are split by decide.
   *
   * @param decisions the user's decisions, of any order
   */
  public List<PlatformExample> examples(
      String appId,
      String userId,
      List<Event> events,
      List<KeptDecision> decisions,
      List<Instant> cutoffs) {
    if (decisions.isEmpty()) {
      return examples(appId, userId, events, cutoffs);
    }
    List<Event> inTimeOrder = new ArrayList<>(events);
    inTimeOrder.sort(Comparator.comparing(Event::timestamp));
    List<KeptDecision> kept = new ArrayList<>(decisions);
    kept.sort(Comparator.comparing(KeptDecision::decidedAt));
    List<Integer> byCutoff = new ArrayList<>();
    for (int c = 0; c < cutoffs.size(); c++) {
      byCutoff.add(c);
    }
    byCutoff.sort(Comparator.comparing(cutoffs::get));
    PlatformExample[] rows = new PlatformExample[cutoffs.size()];
    Profile profile = Profile.empty(appId, userId);
    int folded = 0;
    int applied = 0;
    for (int c : byCutoff) {
      Instant cutoff = cutoffs.get(c);
      while (true) {
        boolean decisionDue =
            applied < kept.size() && !kept.get(applied).decidedAt().isAfter(cutoff);
        Instant until = decisionDue ? kept.get(applied).decidedAt() : cutoff;
        int end = folded;
        while (end < inTimeOrder.size() && !inTimeOrder.get(end).timestamp().isAfter(until)) {
          end++;
        }
        if (end > folded) {
          profile = updater.apply(profile, inTimeOrder.subList(folded, end)).profile();
          folded = end;
        }
        if (!decisionDue) {
          break;
        }
        profile = profile.withResponsiveness(kept.get(applied++).applyTo(profile).next());
      }
      if (folded > 0) {
        rows[c] =
            example(appId, userId, FeatureVector.of(profile, cutoff, thresholds), events, cutoff);
      }
    }
    return Arrays.asList(rows);
  }

  private PlatformExample example(
      String appId, String userId, List<Event> past, List<Event> all, Instant cutoff) {
    return example(appId, userId, features(appId, userId, past, cutoff), all, cutoff);
  }

  private PlatformExample example(
      String appId, String userId, Map<String, Double> vector, List<Event> all, Instant cutoff) {
    Instant end = cutoff.plus(horizon);
    boolean active = false;
    boolean converted = false;
    for (Event e : all) {
      if (e.timestamp().isAfter(cutoff) && !e.timestamp().isAfter(end)) {
        active |= activityTypes.contains(e.type());
        converted |= conversionTypes.contains(e.type());
      }
    }
    return new PlatformExample(appId, userId, vector, !active, converted);
  }
}

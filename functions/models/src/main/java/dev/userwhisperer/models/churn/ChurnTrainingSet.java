package dev.userwhisperer.models.churn;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.models.PlatformExample;
import dev.userwhisperer.models.PointInTimeFeatures;
import dev.userwhisperer.models.WarehouseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The churn model's rows at each cutoff: one per user with an activity event in the horizon before
 * it, labelled by the horizon after it ({@link PointInTimeFeatures}).
 */
final class ChurnTrainingSet {
  private final PointInTimeFeatures features;

  ChurnTrainingSet(PointInTimeFeatures features) {
    this.features = Objects.requireNonNull(features, "features");
  }

  /** The rows at each of {@code cutoffs}, in their order; per cutoff in the order of the events. */
  List<List<PlatformExample>> rows(List<WarehouseEvent> events, List<Instant> cutoffs) {
    List<List<PlatformExample>> rows = new ArrayList<>();
    for (Instant cutoff : cutoffs) {
      rows.add(atRisk(events, cutoff));
    }
    return rows;
  }

  private List<PlatformExample> atRisk(List<WarehouseEvent> events, Instant cutoff) {
    Instant from = cutoff.minus(features.horizon());
    Map<String, Boolean> active = new LinkedHashMap<>();
    for (WarehouseEvent e : events) {
      Event event = e.event();
      if (EventTypes.ACTIVITY.contains(event.type())
          && event.timestamp().isAfter(from)
          && !event.timestamp().isAfter(cutoff)) {
        active.put(e.userId(), true);
      }
    }
    List<WarehouseEvent> theirs =
        events.stream().filter(e -> active.containsKey(e.userId())).toList();
    return features.build(theirs, cutoff);
  }
}

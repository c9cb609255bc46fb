package dev.userwhisperer.models.churn;

import dev.userwhisperer.core.decide.KeptDecision;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.models.PlatformExample;
import dev.userwhisperer.models.PointInTimeFeatures;
import dev.userwhisperer.models.WarehouseDecision;
import dev.userwhisperer.models.WarehouseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

  /**
   * The rows at each of {@code cutoffs}, in their order; per cutoff in the order of the users'
   * first events. Each user's events are folded once for all the cutoffs they have a row at, with
   * the decisions kept for them replayed among the events, so that their own response history is
   * the one serving had ({@link PointInTimeFeatures#examples(String, String, List, List, List)}).
   */
  List<List<PlatformExample>> rows(
      List<WarehouseEvent> events, List<WarehouseDecision> decisions, List<Instant> cutoffs) {
    Map<List<String>, List<Event>> byUser = new LinkedHashMap<>();
    for (WarehouseEvent e : events) {
      byUser.computeIfAbsent(List.of(e.appId(), e.userId()), k -> new ArrayList<>()).add(e.event());
    }
    Map<List<String>, List<KeptDecision>> decisionsByUser = new HashMap<>();
    for (WarehouseDecision d : decisions) {
      decisionsByUser
          .computeIfAbsent(List.of(d.appId(), d.userId()), k -> new ArrayList<>())
          .add(d.decision());
    }
    List<List<PlatformExample>> rows = new ArrayList<>();
    cutoffs.forEach(c -> rows.add(new ArrayList<>()));
    byUser.forEach(
        (key, userEvents) -> {
          boolean[] active = activeBefore(userEvents, cutoffs);
          List<Integer> atRisk = new ArrayList<>();
          for (int c = 0; c < cutoffs.size(); c++) {
            if (active[c]) {
              atRisk.add(c);
            }
          }
          if (atRisk.isEmpty()) {
            return;
          }
          List<PlatformExample> examples =
              features.examples(
                  key.get(0),
                  key.get(1),
                  userEvents,
                  decisionsByUser.getOrDefault(key, List.of()),
                  atRisk.stream().map(cutoffs::get).toList());
          for (int i = 0; i < atRisk.size(); i++) {
            rows.get(atRisk.get(i)).add(examples.get(i));
          }
        });
    return rows;
  }

  /** Per cutoff, whether the user has an activity event in the horizon before it. */
  private boolean[] activeBefore(List<Event> events, List<Instant> cutoffs) {
    boolean[] active = new boolean[cutoffs.size()];
    for (Event e : events) {
      if (EventTypes.ACTIVITY.contains(e.type())) {
        Instant at = e.timestamp();
        for (int c = 0; c < active.length; c++) {
          Instant cutoff = cutoffs.get(c);
          active[c] |= at.isAfter(cutoff.minus(features.horizon())) && !at.isAfter(cutoff);
        }
      }
    }
    return active;
  }
}

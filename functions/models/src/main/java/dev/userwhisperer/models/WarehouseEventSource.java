package dev.userwhisperer.models;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the warehouse's events table, as {@link EventsQuery} selects it. */
public interface WarehouseEventSource {

  /**
   * Every event with an event time at or before {@code until}, of one app or of all.
   *
   * @return the events ordered by app, user, event time and message id
   */
  List<WarehouseEvent> events(Optional<String> appId, Instant until);

  /**
   * How many events {@link #events} would give each app, by app id; a warehouse that can count
   * without reading the events overrides it.
   */
  default Map<String, Long> countsByApp(Instant until) {
    Map<String, Long> counts = new LinkedHashMap<>();
    events(Optional.empty(), until).forEach(e -> counts.merge(e.appId(), 1L, Long::sum));
    return counts;
  }
}

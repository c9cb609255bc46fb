package dev.userwhisperer.models;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the warehouse's events table, as {@link EventsQuery} selects it. */
public interface WarehouseEventSource {

  /**
   * Every event with an event time at or before {@code until}, of one app or of all.
   *
   * @return the events ordered by app, user, event time and message id
   */
  List<WarehouseEvent> events(Optional<String> appId, Instant until);
}

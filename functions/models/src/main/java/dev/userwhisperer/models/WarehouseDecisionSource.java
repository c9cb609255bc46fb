package dev.userwhisperer.models;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the warehouse's decisions table, as {@link DecisionsQuery} selects it. */
public interface WarehouseDecisionSource {

  /**
   * Every decision decided at or before {@code until}, of one app or of all.
   *
   * @return the decisions ordered by app, user, decision time and decision id
   */
  List<WarehouseDecision> decisions(Optional<String> appId, Instant until);
}

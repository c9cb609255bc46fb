package dev.userwhisperer.models;

import dev.userwhisperer.core.decide.KeptDecision;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision.Outcome;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the warehouse's {@code decisions} table ({@code bigquery/schemas/decisions.json}) as
 * what keeping it did to the user's profile ({@link KeptDecision}): the columns {@link
 * DecisionsQuery} selects of {@code WarehouseRows.decision}, in reverse.
 */
public record WarehouseDecision(String appId, String userId, KeptDecision decision) {
  public WarehouseDecision {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(decision, "decision");
  }

  /**
   * The decision of a row.
   *
   * @param outcome the {@link Outcome} name
   * @param channel the channel's wire name, null when nothing is sent
   * @throws IllegalArgumentException for an unknown outcome or channel, or a sending decision
   *     without its channel, hour or send time
   */
  public static WarehouseDecision of(
      String appId,
      String userId,
      String decisionId,
      String outcome,
      Instant decidedAt,
      String channel,
      Integer sendHour,
      Instant sendAt,
      String intervention,
      String variant) {
    return new WarehouseDecision(
        appId,
        userId,
        new KeptDecision(
            decisionId,
            Outcome.valueOf(outcome),
            decidedAt,
            channel == null ? null : Channel.fromWireName(channel),
            sendHour,
            sendAt,
            intervention,
            variant));
  }
}

package dev.userwhisperer.core.deliver;

import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one definition of how a {@link SendRecord} moves, for every {@code DeliveryLedger} adapter:
 * each method takes the current record (empty when none) and answers the record to write, or empty
 * when nothing changes. Adapters run them inside their transaction.
 */
public final class SendTransitions {
  private SendTransitions() {}

  /** A new attempt, only from {@code expected} (null: no record yet). */
  public static Optional<SendRecord> start(
      Optional<SendRecord> current,
      String outboundId,
      String appId,
      SendState expected,
      Instant at) {
    if (!Objects.equals(current.map(SendRecord::state).orElse(null), expected)) {
      return Optional.empty();
    }
    int attempts = current.map(r -> r.attempts() + 1).orElse(1);
    return Optional.of(
        new SendRecord(outboundId, appId, SendState.STARTED, attempts, null, at, at));
  }

  /** How a started attempt ended; any other record stays as it is. */
  public static Optional<SendRecord> finish(
      Optional<SendRecord> current, SendState state, String providerId, Instant at) {
    return current
        .filter(r -> r.state() == SendState.STARTED)
        .map(
            r ->
                new SendRecord(
                    r.outboundId(), r.appId(), state, r.attempts(), providerId, r.startedAt(), at));
  }

  /** The provider said it accepted the message: sent, unless the record is final already. */
  public static Optional<SendRecord> confirm(
      Optional<SendRecord> current,
      String outboundId,
      String appId,
      String providerId,
      Instant at) {
    if (current.isEmpty()) {
      return Optional.of(new SendRecord(outboundId, appId, SendState.SENT, 1, providerId, at, at));
    }
    SendRecord r = current.get();
    return r.state().isFinal()
        ? Optional.empty()
        : Optional.of(
            new SendRecord(
                outboundId,
                r.appId(),
                SendState.SENT,
                r.attempts(),
                providerId,
                r.startedAt(),
                at));
  }
}

package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.deliver.SendRecord;
import dev.userwhisperer.core.deliver.SendState;
import dev.userwhisperer.core.port.DeliveryLedger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

public final class InMemoryDeliveryLedger implements DeliveryLedger {
  private final Map<String, SendRecord> records = new HashMap<>();

  @Override
  public synchronized Optional<SendRecord> find(String messageId) {
    return Optional.ofNullable(records.get(messageId));
  }

  @Override
  public synchronized Optional<SendRecord> start(
      String messageId, String appId, SendState expected, Instant at) {
    SendRecord current = records.get(messageId);
    if (!Objects.equals(current == null ? null : current.state(), expected)) {
      return Optional.empty();
    }
    SendRecord started =
        new SendRecord(
            messageId,
            appId,
            SendState.STARTED,
            current == null ? 1 : current.attempts() + 1,
            null,
            at,
            at);
    records.put(messageId, started);
    return Optional.of(started);
  }

  @Override
  public synchronized void finish(
      String messageId, SendState state, String providerId, Instant at) {
    SendRecord current = records.get(messageId);
    if (current != null && current.state() == SendState.STARTED) {
      records.put(
          messageId,
          new SendRecord(
              messageId,
              current.appId(),
              state,
              current.attempts(),
              providerId,
              current.startedAt(),
              at));
    }
  }

  @Override
  public synchronized void confirm(String messageId, String appId, String providerId, Instant at) {
    SendRecord current = records.get(messageId);
    if (current == null) {
      records.put(
          messageId, new SendRecord(messageId, appId, SendState.SENT, 1, providerId, at, at));
    } else if (!current.state().isFinal()) {
      records.put(
          messageId,
          new SendRecord(
              messageId,
              current.appId(),
              SendState.SENT,
              current.attempts(),
              providerId,
              current.startedAt(),
              at));
    }
  }
}

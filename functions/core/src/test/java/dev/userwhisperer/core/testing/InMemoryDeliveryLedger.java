package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.deliver.SendRecord;
import dev.userwhisperer.core.deliver.SendState;
import dev.userwhisperer.core.deliver.SendTransitions;
import dev.userwhisperer.core.port.DeliveryLedger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
    return write(SendTransitions.start(find(messageId), messageId, appId, expected, at));
  }

  @Override
  public synchronized void finish(
      String messageId, SendState state, String providerId, Instant at) {
    write(SendTransitions.finish(find(messageId), state, providerId, at));
  }

  @Override
  public synchronized void confirm(String messageId, String appId, String providerId, Instant at) {
    write(SendTransitions.confirm(find(messageId), messageId, appId, providerId, at));
  }

  private Optional<SendRecord> write(Optional<SendRecord> next) {
    next.ifPresent(r -> records.put(r.messageId(), r));
    return next;
  }
}

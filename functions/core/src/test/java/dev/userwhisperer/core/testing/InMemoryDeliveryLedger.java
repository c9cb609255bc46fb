package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.deliver.SendTransitions;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryDeliveryLedger implements DeliveryLedger {
  private final Map<String, SendRecord> records = new HashMap<>();

  @Override
  public synchronized Optional<SendRecord> find(String outboundId) {
    return Optional.ofNullable(records.get(outboundId));
  }

  @Override
  public synchronized Optional<SendRecord> start(
      String outboundId, String appId, SendState expected, Instant at) {
    return write(SendTransitions.start(find(outboundId), outboundId, appId, expected, at));
  }

  @Override
  public synchronized void finish(
      String outboundId, SendState state, String providerId, Instant at) {
    write(SendTransitions.finish(find(outboundId), state, providerId, at));
  }

  @Override
  public synchronized void confirm(String outboundId, String appId, String providerId, Instant at) {
    write(SendTransitions.confirm(find(outboundId), outboundId, appId, providerId, at));
  }

  private Optional<SendRecord> write(Optional<SendRecord> next) {
    next.ifPresent(r -> records.put(r.outboundId(), r));
    return next;
  }
}

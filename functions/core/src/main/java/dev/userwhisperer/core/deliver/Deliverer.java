package dev.userwhisperer.core.deliver;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.Reconciliation;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendRejected;
import dev.userwhisperer.core.port.SendState;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliver stage: sends each message at most once. A send is recorded as started in the {@link
 * DeliveryLedger} before the provider is called; a redelivered message whose send is final does
 * nothing, one whose outcome is in doubt is reconciled (provider API, or a webhook's confirmation
 * in the ledger) and is sent again only when the provider certainly did not accept it. Failures
 * that a retry may cure propagate as {@link TransientFailure}, so the bus redelivers with backoff
 * and dead-letters after its last attempt; a permanent refusal is recorded as {@code failed} and
 * not retried. Every outcome is a row of the warehouse's {@code deliveries} table.
 */
public final class Deliverer implements Consumer<OutboundMessage> {
  /** Statuses this stage writes to the {@code deliveries} table besides the sender's own. */
  public static final String FAILED = "failed";

  public static final String UNKNOWN = "unknown";

  private static final Logger log = LoggerFactory.getLogger(Deliverer.class);

  private final ChannelSender sender;
  private final DeliveryLedger ledger;
  private final Warehouse warehouse;
  private final Clock clock;
  private final Duration inFlightFor;

  /**
   * @param inFlightFor how long a {@link SendState#STARTED} record is taken to be a send still
   *     running elsewhere; after it, the send is presumed crashed and reconciled. Longer than the
   *     senders' own timeouts.
   */
  public Deliverer(
      ChannelSender sender,
      DeliveryLedger ledger,
      Warehouse warehouse,
      Clock clock,
      Duration inFlightFor) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inFlightFor = Objects.requireNonNull(inFlightFor, "inFlightFor");
  }

  @Override
  public void accept(OutboundMessage message) {
    Optional<SendRecord> recorded = ledger.find(message.outboundId());
    SendState expected = recorded.map(SendRecord::state).orElse(null);
    if (expected != null && expected.isFinal()) {
      return;
    }
    if (expected != null && expected.isInDoubt()) {
      if (!reconciledAsNotSent(message, recorded.get())) {
        return;
      }
    }
    Instant now = clock.instant();
    if (ledger.start(message.outboundId(), message.appId(), expected, now).isEmpty()) {
      throw new TransientFailure(
          "message " + message.outboundId() + " is being sent by another attempt");
    }
    Delivery delivery;
    try {
      delivery = sender.send(message);
    } catch (SendRejected rejected) {
      ledger.finish(message.outboundId(), SendState.REJECTED, null, clock.instant());
      record(status(message, FAILED, null));
      log.warn(
          "deliver rejected message={} app={} channel={} code={}",
          message.outboundId(),
          message.appId(),
          message.channel(),
          rejected.code());
      return;
    } catch (OutcomeUnknown unknown) {
      ledger.finish(message.outboundId(), SendState.UNKNOWN, null, clock.instant());
      record(status(message, UNKNOWN, null));
      throw unknown;
    } catch (RuntimeException retryable) {
      ledger.finish(message.outboundId(), SendState.NOT_SENT, null, clock.instant());
      throw retryable;
    }
    ledger.finish(message.outboundId(), SendState.SENT, delivery.providerId(), clock.instant());
    record(delivery);
  }

  /**
   * @return true when the earlier attempt certainly did not reach the user and a send may start;
   *     false when it did (now recorded as sent)
   * @throws TransientFailure while it cannot be known yet
   */
  private boolean reconciledAsNotSent(OutboundMessage message, SendRecord record) {
    Instant now = clock.instant();
    if (record.state() == SendState.STARTED && record.startedAt().plus(inFlightFor).isAfter(now)) {
      throw new TransientFailure(
          "message " + message.outboundId() + " is being sent by another attempt");
    }
    Reconciliation answer = sender.reconcile(message, record.startedAt());
    switch (answer.verdict()) {
      case ACCEPTED -> {
        ledger.confirm(message.outboundId(), message.appId(), answer.providerId(), now);
        record(status(message, "sent", answer.providerId()));
        return false;
      }
      case NOT_ACCEPTED -> {
        return true;
      }
      default ->
          throw new OutcomeUnknown(
              "message "
                  + message.outboundId()
                  + " may have been sent at "
                  + record.startedAt()
                  + "; waiting for the provider's webhook or API to tell");
    }
  }

  private Delivery status(OutboundMessage message, String status, String providerId) {
    return new Delivery(
        message.outboundId(),
        message.appId(),
        message.userId(),
        message.channel(),
        status,
        providerId,
        clock.instant());
  }

  private void record(Delivery delivery) {
    warehouse.append(Table.DELIVERIES, List.of(WarehouseRows.delivery(delivery)));
  }
}

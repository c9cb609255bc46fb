package dev.userwhisperer.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.Reconciliation;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendRejected;
import dev.userwhisperer.core.port.SendState;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.testing.InMemoryDeliveryLedger;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DelivererTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final Duration IN_FLIGHT = Duration.ofMinutes(2);

  private final MutableClock clock = new MutableClock(T);
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final OutboundMessage message = OutboundMessages.email("m1", "ada@example.com");

  private Deliverer deliverer(ChannelSender sender) {
    return new Deliverer(sender, ledger, warehouse, clock, IN_FLIGHT);
  }

  private List<String> statuses() {
    return warehouse.rows(Table.DELIVERIES).stream().map(r -> (String) r.get("status")).toList();
  }

  @Test
  void aDeliveredMessageIsSentAndRecordedOnceEvenWhenRedelivered() {
    RecordingChannelSender sender = new RecordingChannelSender(clock);
    Deliverer deliver = deliverer(sender);

    deliver.accept(message);
    deliver.accept(message);

    assertThat(sender.sent()).containsExactly(message);
    assertThat(ledger.find("m1")).get().extracting(SendRecord::state).isEqualTo(SendState.SENT);
    assertThat(warehouse.rows(Table.DELIVERIES))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("status", "delivered")
                    .containsEntry("outbound_id", "m1"));
  }

  @Test
  void aProviderThatDidNotAcceptIsRetriedByTheBusAndTheRetrySends() {
    ScriptedSender sender =
        new ScriptedSender(
            () -> {
              throw new ProviderUnavailable("503 from provider", null);
            },
            this::accepted);
    Deliverer deliver = deliverer(sender);

    assertThatThrownBy(() -> deliver.accept(message)).isInstanceOf(TransientFailure.class);
    assertThat(ledger.find("m1")).get().extracting(SendRecord::state).isEqualTo(SendState.NOT_SENT);
    assertThat(statuses()).isEmpty();
    deliver.accept(message);

    assertThat(sender.calls).isEqualTo(2);
    assertThat(ledger.find("m1"))
        .get()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(SendState.SENT);
              assertThat(r.attempts()).isEqualTo(2);
            });
    assertThat(statuses()).containsExactly("sent");
  }

  @Test
  void aPermanentRefusalIsRecordedAsFailedAndNeverRetried() {
    ScriptedSender sender =
        new ScriptedSender(
            () -> {
              throw new SendRejected("21211", "not a valid phone number");
            });
    Deliverer deliver = deliverer(sender);

    deliver.accept(message);
    deliver.accept(message);

    assertThat(sender.calls).isEqualTo(1);
    assertThat(statuses()).containsExactly(Deliverer.FAILED);
  }

  @Test
  void aTimeoutIsNotSentAgainUntilAWebhookConfirmsIt() {
    ScriptedSender sender =
        new ScriptedSender(
            () -> {
              throw new OutcomeUnknown("read timed out");
            });
    Deliverer deliver = deliverer(sender);

    assertThatThrownBy(() -> deliver.accept(message)).isInstanceOf(OutcomeUnknown.class);
    clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> deliver.accept(message)).isInstanceOf(OutcomeUnknown.class);
    ledger.confirm("m1", "app1", "sg-9", clock.instant());
    deliver.accept(message);

    assertThat(sender.calls).isEqualTo(1);
    assertThat(sender.reconciled).isEqualTo(1);
    assertThat(statuses()).containsExactly(Deliverer.UNKNOWN);
  }

  @Test
  void aTimeoutThatTheProviderSaysItNeverAcceptedIsSentAgain() {
    ScriptedSender sender =
        new ScriptedSender(
            () -> {
              throw new OutcomeUnknown("read timed out");
            },
            this::accepted);
    sender.reconciliation = Reconciliation.NOT_ACCEPTED;
    Deliverer deliver = deliverer(sender);

    assertThatThrownBy(() -> deliver.accept(message)).isInstanceOf(OutcomeUnknown.class);
    deliver.accept(message);

    assertThat(sender.calls).isEqualTo(2);
    assertThat(statuses()).containsExactly(Deliverer.UNKNOWN, "sent");
  }

  @Test
  void aTimeoutThatTheProviderSaysItAcceptedIsRecordedAsSentWithoutSending() {
    ScriptedSender sender =
        new ScriptedSender(
            () -> {
              throw new OutcomeUnknown("read timed out");
            });
    sender.reconciliation = Reconciliation.accepted("SM42");
    Deliverer deliver = deliverer(sender);

    assertThatThrownBy(() -> deliver.accept(message)).isInstanceOf(OutcomeUnknown.class);
    deliver.accept(message);

    assertThat(sender.calls).isEqualTo(1);
    assertThat(ledger.find("m1")).get().extracting(SendRecord::providerId).isEqualTo("SM42");
    assertThat(warehouse.rows(Table.DELIVERIES))
        .extracting(r -> r.get("status"), r -> r.get("provider_id"))
        .containsExactly(tuple(Deliverer.UNKNOWN, null), tuple("sent", "SM42"));
  }

  @Test
  void aSendStartedElsewhereIsLeftAloneWhileInFlightAndReconciledAfter() {
    ledger.start("m1", "app1", null, T);
    ScriptedSender sender = new ScriptedSender(this::accepted);
    sender.reconciliation = Reconciliation.NOT_ACCEPTED;
    Deliverer deliver = deliverer(sender);

    assertThatThrownBy(() -> deliver.accept(message)).isInstanceOf(TransientFailure.class);
    assertThat(sender.reconciled).isZero();
    clock.advance(IN_FLIGHT);
    deliver.accept(message);

    assertThat(sender.reconciled).isEqualTo(1);
    assertThat(sender.calls).isEqualTo(1);
  }

  private Delivery accepted() {
    return new Delivery(
        message.outboundId(),
        message.appId(),
        message.userId(),
        message.channel(),
        "sent",
        "sg-1",
        clock.instant());
  }

  /** Answers each send with the next scripted behaviour. */
  private static final class ScriptedSender implements ChannelSender {
    private final Deque<Supplier<Delivery>> script;
    Reconciliation reconciliation = Reconciliation.UNKNOWN;
    int calls;
    int reconciled;

    @SafeVarargs
    ScriptedSender(Supplier<Delivery>... script) {
      this.script = new ArrayDeque<>(new ArrayList<>(List.of(script)));
    }

    @Override
    public Delivery send(OutboundMessage message) {
      calls++;
      return script.removeFirst().get();
    }

    @Override
    public Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
      reconciled++;
      return reconciliation;
    }
  }
}

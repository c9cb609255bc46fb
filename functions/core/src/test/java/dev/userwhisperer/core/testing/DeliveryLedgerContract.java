package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeliveryLedger} adapter does; a subclass supplies the store. Message ids are
 * fresh per test, so a store shared between tests needs no cleaning.
 */
public abstract class DeliveryLedgerContract {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  protected abstract DeliveryLedger ledger();

  private static String freshId() {
    return "m/" + UUID.randomUUID();
  }

  @Test
  void aFirstStartIsRecordedBeforeTheSendAndFinishRecordsTheOutcome() {
    DeliveryLedger ledger = ledger();
    String id = freshId();

    Optional<SendRecord> started = ledger.start(id, "app1", null, T);
    assertThat(ledger.find(id)).get().extracting(SendRecord::state).isEqualTo(SendState.STARTED);
    ledger.finish(id, SendState.SENT, "sg-1", T.plusSeconds(1));

    assertThat(started).get().extracting(SendRecord::attempts).isEqualTo(1);
    assertThat(ledger.find(id))
        .get()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(SendState.SENT);
              assertThat(r.providerId()).isEqualTo("sg-1");
              assertThat(r.appId()).isEqualTo("app1");
              assertThat(r.startedAt()).isEqualTo(T);
              assertThat(r.updatedAt()).isEqualTo(T.plusSeconds(1));
            });
  }

  @Test
  void aStartFromAStateThatMovedOnIsRefused() {
    DeliveryLedger ledger = ledger();
    String id = freshId();
    ledger.start(id, "app1", null, T);

    assertThat(ledger.start(id, "app1", null, T)).isEmpty();
    ledger.finish(id, SendState.NOT_SENT, null, T);
    assertThat(ledger.start(id, "app1", SendState.STARTED, T)).isEmpty();
    assertThat(ledger.start(id, "app1", SendState.NOT_SENT, T.plusSeconds(5)))
        .get()
        .satisfies(
            r -> {
              assertThat(r.attempts()).isEqualTo(2);
              assertThat(r.startedAt()).isEqualTo(T.plusSeconds(5));
            });
  }

  @Test
  void concurrentStartsOfOneMessageLetExactlyOneThrough() throws Exception {
    DeliveryLedger ledger = ledger();
    String id = freshId();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Optional<SendRecord>>> tries = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tries.add(pool.submit(() -> ledger.start(id, "app1", null, T)));
      }
      int won = 0;
      for (Future<Optional<SendRecord>> attempt : tries) {
        won += attempt.get().isPresent() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aConfirmationMovesARecordInDoubtToSentAndALateFinishDoesNotUndoIt() {
    DeliveryLedger ledger = ledger();
    String id = freshId();
    ledger.start(id, "app1", null, T);

    ledger.confirm(id, "app1", "SM1", T.plus(Duration.ofSeconds(2)));
    ledger.finish(id, SendState.UNKNOWN, null, T.plus(Duration.ofSeconds(3)));

    assertThat(ledger.find(id))
        .get()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(SendState.SENT);
              assertThat(r.providerId()).isEqualTo("SM1");
            });
  }

  @Test
  void aConfirmationOfAnUnknownMessageCreatesASentRecordAndDoesNotReopenARejection() {
    DeliveryLedger ledger = ledger();
    String unseen = freshId();
    String rejected = freshId();
    ledger.start(rejected, "app1", null, T);
    ledger.finish(rejected, SendState.REJECTED, null, T);

    ledger.confirm(unseen, "app1", "SM2", T);
    ledger.confirm(rejected, "app1", "SM3", T);

    assertThat(ledger.find(unseen)).get().extracting(SendRecord::state).isEqualTo(SendState.SENT);
    assertThat(ledger.find(rejected))
        .get()
        .extracting(SendRecord::state)
        .isEqualTo(SendState.REJECTED);
  }
}

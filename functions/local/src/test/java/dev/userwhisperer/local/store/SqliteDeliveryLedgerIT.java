package dev.userwhisperer.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.SendState;
import dev.userwhisperer.core.testing.DeliveryLedgerContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeliveryLedgerIT extends DeliveryLedgerContract {
  @TempDir Path dir;
  SqliteDatabase db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected DeliveryLedger ledger() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    return new SqliteDeliveryLedger(db);
  }

  @Test
  void aSendStartedBeforeARestartIsStillInDoubtAfterIt() {
    Instant t = Instant.parse("2026-01-05T12:00:00Z");
    ledger().start("m-crash", "app1", null, t);
    db.close();

    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    assertThat(new SqliteDeliveryLedger(db).find("m-crash"))
        .get()
        .satisfies(r -> assertThat(r.state()).isEqualTo(SendState.STARTED));
  }
}

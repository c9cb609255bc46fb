package dev.userwhisperer.local.store;

import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.testing.MergedUserHistoryContract;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** An alias's anonymous history on the local runner's SQLite stores and outbox. */
class SqliteMergedUserHistoryIT extends MergedUserHistoryContract {
  private final SqliteDatabase db;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
  private final OutboxChannelSender outbox;
  private final ProfileStore profiles;
  private final DecisionLog decisions;
  private final ConsentTrail consent;

  SqliteMergedUserHistoryIT(@TempDir Path dir) {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    outbox = new OutboxChannelSender(db, clock);
    profiles = new SqliteProfileStore(db);
    decisions = new SqliteDecisionLog(db);
    consent = new SqliteConsentTrail(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Override
  protected ProfileStore profiles() {
    return profiles;
  }

  @Override
  protected DecisionLog decisions() {
    return decisions;
  }

  @Override
  protected ConsentTrail consent() {
    return consent;
  }

  @Override
  protected MessageHistory messages() {
    return new OutboxMessageHistory(outbox);
  }

  @Override
  protected void sent(OutboundMessage message, Instant at) {
    clock.set(at);
    outbox.send(message);
  }
}

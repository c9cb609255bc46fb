package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.PersonalDataStore;
import java.util.List;

/**
 * Erases a user's messages from what stays in SQLite on every backend: the outbox (the messages
 * with their addresses and text) and the delivery ledger.
 */
public final class SqliteDeliveryErasure implements PersonalDataStore {
  private final SqliteDatabase db;

  public SqliteDeliveryErasure(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public List<Erased> erase(ErasureScope scope) {
    return db.write(
        c -> {
          Erased ofOutbox =
              SqliteErasing.delete(
                  c,
                  "sqlite.delivery_ledger",
                  "delivery_ledger",
                  "outbound_id IN (SELECT message_id FROM outbox WHERE app_id = ? AND user_id = ?)",
                  scope.appId(),
                  scope.userId());
          Erased ofDecisions =
              SqliteErasing.deleteIds(
                  c,
                  "sqlite.delivery_ledger",
                  "delivery_ledger",
                  scope.appId(),
                  "outbound_id",
                  scope.outboundIds());
          return List.of(
              SqliteErasing.delete(
                  c,
                  "sqlite.outbox",
                  "outbox",
                  "app_id = ? AND user_id = ?",
                  scope.appId(),
                  scope.userId()),
              new Erased("sqlite.delivery_ledger", ofOutbox.count() + ofDecisions.count()));
        });
  }
}

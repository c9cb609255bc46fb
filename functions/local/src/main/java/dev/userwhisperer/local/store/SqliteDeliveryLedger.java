package dev.userwhisperer.local.store;

import dev.userwhisperer.core.deliver.SendTransitions;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link DeliveryLedger} in the {@code delivery_ledger} table; every change is one write
 * transaction on the single writer, so a start is atomic.
 */
public final class SqliteDeliveryLedger implements DeliveryLedger {
  private final SqliteDatabase db;

  public SqliteDeliveryLedger(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<SendRecord> find(String outboundId) {
    return db.read(c -> load(c, outboundId));
  }

  @Override
  public Optional<SendRecord> start(
      String outboundId, String appId, SendState expected, Instant at) {
    return change(
        outboundId, current -> SendTransitions.start(current, outboundId, appId, expected, at));
  }

  @Override
  public void finish(String outboundId, SendState state, String providerId, Instant at) {
    change(outboundId, current -> SendTransitions.finish(current, state, providerId, at));
  }

  @Override
  public void confirm(String outboundId, String appId, String providerId, Instant at) {
    change(
        outboundId, current -> SendTransitions.confirm(current, outboundId, appId, providerId, at));
  }

  /** Reads, moves and writes the record in one write transaction. */
  private Optional<SendRecord> change(
      String outboundId, UnaryOperator<Optional<SendRecord>> transition) {
    return db.write(
        c -> {
          Optional<SendRecord> next = transition.apply(load(c, outboundId));
          if (next.isPresent()) {
            store(c, next.get());
          }
          return next;
        });
  }

  private static void store(Connection c, SendRecord r) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT OR REPLACE INTO delivery_ledger "
                + "(outbound_id, app_id, state, attempts, provider_id, started_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, r.outboundId());
      p.setString(2, r.appId());
      p.setString(3, r.state().name());
      p.setInt(4, r.attempts());
      p.setString(5, r.providerId());
      p.setLong(6, SqliteDatabase.nanos(r.startedAt()));
      p.setLong(7, SqliteDatabase.nanos(r.updatedAt()));
      p.executeUpdate();
    }
  }

  private static Optional<SendRecord> load(Connection c, String outboundId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT app_id, state, attempts, provider_id, started_at, updated_at "
                + "FROM delivery_ledger WHERE outbound_id = ?")) {
      p.setString(1, outboundId);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new SendRecord(
                outboundId,
                rs.getString("app_id"),
                SendState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                rs.getString("provider_id"),
                SqliteDatabase.instant(rs.getLong("started_at")),
                SqliteDatabase.instant(rs.getLong("updated_at"))));
      }
    }
  }
}

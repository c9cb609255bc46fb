package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Reconciliation;
import dev.userwhisperer.core.port.SentMessages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local stand-in for e-mail, SMS and push providers: every message sent is stored whole in the
 * {@code outbox} table, where the dashboard shows it and simulated recipients open, click or
 * unsubscribe. Sending a outboundId again stores nothing and answers the first delivery.
 */
public final class OutboxChannelSender implements ChannelSender, SentMessages {
  private static final String COLUMNS =
      "seq, doc, status, delivered_at, opened_at, clicked_at, unsubscribed_at";

  private final SqliteDatabase db;
  private final Clock clock;

  public OutboxChannelSender(SqliteDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Delivery send(OutboundMessage message) {
    OutboxEntry stored = store(message, OutboxStatus.DELIVERED);
    OutboundMessage m = stored.message();
    return new Delivery(
        m.outboundId(),
        m.appId(),
        m.userId(),
        m.channel(),
        OutboxStatus.DELIVERED.wireName(),
        "outbox-" + stored.seq(),
        stored.deliveredAt());
  }

  /**
   * Keeps a message that a provider is about to send, with status {@code sent}, so that feedback
   * and webhooks about it find it and {@code GET /v1/outbox} lists it.
   */
  public void recordProviderSend(OutboundMessage message) {
    store(message, OutboxStatus.SENT);
  }

  private OutboxEntry store(OutboundMessage message, OutboxStatus status) {
    Instant now = clock.instant();
    return db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO outbox (message_id, app_id, user_id, channel, doc, status, delivered_at) "
                      + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, message.outboundId());
            p.setString(2, message.appId());
            p.setString(3, message.userId());
            p.setString(4, message.channel().wireName());
            p.setString(5, Json.encodeToString(message));
            p.setString(6, status.wireName());
            p.setLong(7, SqliteDatabase.nanos(now));
            p.executeUpdate();
          }
          return load(c, message.outboundId()).orElseThrow();
        });
  }

  /** The outbox is its own provider: a message it stored was accepted, one it did not was not. */
  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
    return entry(message.outboundId())
        .map(e -> Reconciliation.accepted("outbox-" + e.seq()))
        .orElse(Reconciliation.NOT_ACCEPTED);
  }

  @Override
  public Optional<OutboundMessage> find(String outboundId) {
    return entry(outboundId).map(OutboxEntry::message);
  }

  @Override
  public Optional<OutboundMessage> latestTo(Channel channel, String address) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM outbox WHERE channel = ? AND json_extract(doc, '$.to') = ?"
                      + " ORDER BY seq DESC LIMIT 1")) {
            p.setString(1, channel.wireName());
            p.setString(2, address);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(stored(rs).message()) : Optional.empty();
            }
          }
        });
  }

  public Optional<OutboxEntry> entry(String outboundId) {
    return db.read(c -> load(c, outboundId));
  }

  /** The app's messages, the most recently sent first. */
  public List<OutboxEntry> list(String appId, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM outbox WHERE app_id = ? ORDER BY seq DESC LIMIT ?")) {
            p.setString(1, appId);
            p.setInt(2, limit);
            return entries(p);
          }
        });
  }

  /**
   * Records that the message reached {@code status} at {@code at}. The first time of each status
   * after delivery is kept, and the entry's status only moves forward (a late "opened" after
   * "clicked" keeps "clicked"; a provider's "delivered" moves a "sent" entry on).
   *
   * @return false when no message has that id
   */
  public boolean markStatus(String outboundId, OutboxStatus status, Instant at) {
    String firstTime =
        status.compareTo(OutboxStatus.DELIVERED) > 0
            ? ", %1$s = coalesce(%1$s, ?)".formatted(status.wireName() + "_at")
            : "";
    return db.write(
        c -> {
          Optional<OutboxEntry> stored = load(c, outboundId);
          if (stored.isEmpty()) {
            return false;
          }
          OutboxStatus furthest =
              stored.get().status().compareTo(status) >= 0 ? stored.get().status() : status;
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE outbox SET status = ?" + firstTime + " WHERE message_id = ?")) {
            int i = 1;
            p.setString(i++, furthest.wireName());
            if (!firstTime.isEmpty()) {
              p.setLong(i++, SqliteDatabase.nanos(at));
            }
            p.setString(i, outboundId);
            p.executeUpdate();
          }
          return true;
        });
  }

  /** The messages sent to one user of the app, oldest first (a data export). */
  public List<OutboxEntry> listForUser(String appId, String userId, int limit) {
    return forUser(appId, userId, "seq", limit);
  }

  /** The latest messages sent to one user of the app, newest first (the console's user page). */
  public List<OutboxEntry> latestForUser(String appId, String userId, int limit) {
    return forUser(appId, userId, "seq DESC", limit);
  }

  private List<OutboxEntry> forUser(String appId, String userId, String order, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM outbox WHERE app_id = ? AND user_id = ? ORDER BY "
                      + order
                      + " LIMIT ?")) {
            p.setString(1, appId);
            p.setString(2, userId);
            p.setInt(3, limit);
            return entries(p);
          }
        });
  }

  /**
   * The app's messages stored after the one with sequence number {@code afterSeq}, oldest first: a
   * reader that passes the last {@link OutboxEntry#seq} it saw reads every message exactly once.
   */
  public List<OutboxEntry> listAfter(String appId, long afterSeq, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM outbox WHERE app_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            p.setString(1, appId);
            p.setLong(2, afterSeq);
            p.setInt(3, limit);
            return entries(p);
          }
        });
  }

  private static List<OutboxEntry> entries(PreparedStatement query) throws SQLException {
    List<OutboxEntry> out = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        out.add(stored(rs));
      }
    }
    return out;
  }

  private static Optional<OutboxEntry> load(Connection c, String outboundId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE message_id = ?")) {
      p.setString(1, outboundId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
      }
    }
  }

  private static OutboxEntry stored(ResultSet rs) throws SQLException {
    return new OutboxEntry(
        rs.getLong("seq"),
        Json.decode(rs.getString("doc").getBytes(UTF_8), OutboundMessage.class),
        OutboxStatus.fromWireName(rs.getString("status")),
        instantOrNull(rs, "delivered_at"),
        instantOrNull(rs, "opened_at"),
        instantOrNull(rs, "clicked_at"),
        instantOrNull(rs, "unsubscribed_at"));
  }

  private static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    long nanos = rs.getLong(column);
    return rs.wasNull() ? null : SqliteDatabase.instant(nanos);
  }
}

package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatches;
import dev.userwhisperer.core.message.UserEventBatches.RawBatch;
import dev.userwhisperer.core.port.EventIntake;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.telemetry.TraceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The local runner's {@link EventIntake}: the dedup rows and the bus message of a request in one
 * SQLite transaction, and the requests that arrive while one transaction commits in the next one
 * (group commit), so that a busy ingest costs a transaction per group, not per request.
 *
 * <p>Per request: each valid event's messageId is inserted into {@code ingest_dedup} unless the app
 * had it accepted within {@link IngestDedup#RETENTION} (one upsert, which is both the check and the
 * claim); the accepted events, grouped by user, become one {@link UserEventBatches} row on the
 * {@code events} topic, its events copied as ingest cut them from the body. Requests are applied in
 * the order they queued, so of two requests carrying one messageId the earlier wins and the other
 * is told "duplicate"; there is no pending state and nothing to wait for.
 *
 * <p>The runner gives the intake a SQLite file of its own ({@code intake.db}), where the bus keeps
 * the {@code events} topic, so that its group commits never wait for the pipeline's transactions on
 * the other file.
 *
 * <p>Durability: {@code accept} returns after the COMMIT, which has written the transaction to the
 * WAL file ({@code synchronous=NORMAL}: written to the operating system, not fsynced). An accepted
 * event therefore survives the death of the process (kill -9, a JVM crash); a power loss or kernel
 * crash may lose the last commits before the next checkpoint, never corrupt the file.
 */
public final class SqliteEventIntake implements EventIntake {
  /** How often (in the ingest's time) ids older than the retention are deleted. */
  static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private static final String CLAIM =
      "INSERT INTO ingest_dedup (app_id, message_id, accepted_at, pending) VALUES (?1, ?2, ?3, 0)"
          + " ON CONFLICT (app_id, message_id) DO UPDATE SET accepted_at = ?3, pending = 0"
          + " WHERE (pending = 0 AND accepted_at < ?4) OR (pending = 1 AND accepted_at <= ?5)";

  private final SqliteDatabase db;
  private final SqliteEventBus bus;
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock committer = new ReentrantLock();
  private Instant lastPrune = Instant.MIN;

  /**
   * The bus must keep the {@code events} topic in {@code db} (its own file, or the bus's): its rows
   * commit with the dedup rows.
   */
  public SqliteEventIntake(SqliteDatabase db, SqliteEventBus bus) {
    this.db = db;
    this.bus = bus;
  }

  @Override
  public Set<String> accept(String appId, Instant receivedAt, List<Candidate> events) {
    Request mine = new Request(appId, receivedAt, events);
    // encoded before the queue, as if every event were new (the usual case): the commit then
    // only has to check the ids, and re-encodes a request only when some were duplicates
    mine.row = row(appId, events, id -> true);
    queue.add(mine);
    committer.lock();
    try {
      if (!mine.done) {
        commitQueued();
      }
    } finally {
      committer.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.accepted;
  }

  /** Commits every queued request, this thread's among them, in one transaction. */
  private void commitQueued() {
    List<Request> group = new ArrayList<>();
    for (Request r; (r = queue.poll()) != null; ) {
      group.add(r);
    }
    try {
      List<Request> published = db.write(c -> apply(c, group));
      for (Request r : published) {
        bus.published(Topics.EVENTS, r.appId);
      }
    } catch (RuntimeException e) {
      group.forEach(r -> r.failure = e);
    } finally {
      group.forEach(r -> r.done = true);
    }
  }

  private List<Request> apply(Connection c, List<Request> group) throws SQLException {
    List<Request> published = new ArrayList<>();
    try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
      for (Request r : group) {
        r.accepted = claim(claim, r);
        if (!r.accepted.isEmpty()) {
          publish(c, r);
          published.add(r);
        }
      }
    }
    Instant latest = group.get(group.size() - 1).receivedAt;
    if (latest.isAfter(lastPrune.plus(PRUNE_EVERY))) {
      try (PreparedStatement prune =
          c.prepareStatement("DELETE FROM ingest_dedup WHERE pending = 0 AND accepted_at < ?")) {
        prune.setLong(1, SqliteDatabase.nanos(latest.minus(IngestDedup.RETENTION)));
        prune.executeUpdate();
      }
      lastPrune = latest;
    }
    return published;
  }

  /** The ids of the request that were free: inserted, or taken over from an expired row. */
  private static Set<String> claim(PreparedStatement claim, Request r) throws SQLException {
    long at = SqliteDatabase.nanos(r.receivedAt);
    long acceptedBefore = SqliteDatabase.nanos(r.receivedAt.minus(IngestDedup.RETENTION));
    long pendingBefore = SqliteDatabase.nanos(r.receivedAt.minus(IngestDedup.CLAIM_LEASE));
    for (Candidate e : r.events) {
      claim.setString(1, r.appId);
      claim.setString(2, e.messageId());
      claim.setLong(3, at);
      claim.setLong(4, acceptedBefore);
      claim.setLong(5, pendingBefore);
      claim.addBatch();
    }
    int[] changed = claim.executeBatch();
    Set<String> accepted = new HashSet<>();
    for (int i = 0; i < changed.length; i++) {
      if (changed[i] > 0) {
        accepted.add(r.events.get(i).messageId());
      }
    }
    return accepted;
  }

  /** Stores the request's row: its accepted events by user, in the order sent. */
  private void publish(Connection c, Request r) throws SQLException {
    Row row = r.row;
    if (row.events() != r.accepted.size()) {
      row = row(r.appId, r.events, r.accepted::contains);
    }
    bus.insert(c, Topics.EVENTS, row.id(), r.appId, row.data(), r.traceparent);
  }

  /** The events of {@code events} that {@code accepted} takes, once each, as one bus message. */
  private static Row row(String appId, List<Candidate> events, Predicate<String> accepted) {
    Map<String, List<Candidate>> byUser = new LinkedHashMap<>(events.size() * 2);
    Set<String> taken = new HashSet<>(events.size() * 2);
    for (Candidate e : events) {
      if (accepted.test(e.messageId()) && taken.add(e.messageId())) {
        byUser.computeIfAbsent(e.userKey(), k -> new ArrayList<>(2)).add(e);
      }
    }
    List<RawBatch> batches = new ArrayList<>(byUser.size());
    List<String> batchIds = new ArrayList<>(byUser.size());
    byUser.forEach(
        (userKey, userEvents) -> {
          List<String> messageIds = new ArrayList<>(userEvents.size());
          List<byte[]> json = new ArrayList<>(userEvents.size());
          for (Candidate e : userEvents) {
            messageIds.add(e.messageId());
            json.add(e.json());
          }
          String batchId = Ids.batch(appId, userKey, messageIds);
          batchIds.add(batchId);
          batches.add(new RawBatch(batchId, userKey, json));
        });
    String id = Ids.userEventBatches(appId, batchIds);
    return new Row(id, UserEventBatches.encode(id, appId, batches), taken.size());
  }

  /** A request's bus message, and how many events it holds. */
  private record Row(String id, byte[] data, int events) {}

  /** A request waiting for its commit; its fields are read after {@code done}, under the lock. */
  private static final class Request {
    final String appId;
    final Instant receivedAt;
    final List<Candidate> events;
    // the request's span, for the trace to continue in analyze whichever thread commits
    final String traceparent = TraceContext.current();
    Set<String> accepted = Set.of();
    Row row;
    RuntimeException failure;
    boolean done;

    Request(String appId, Instant receivedAt, List<Candidate> events) {
      this.appId = appId;
      this.receivedAt = receivedAt;
      this.events = events;
    }
  }
}

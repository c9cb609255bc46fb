package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatches;
import dev.userwhisperer.core.message.UserEventBatches.RawBatch;
import dev.userwhisperer.core.port.EventIntake;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.TransientFailure;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>One thread of its own, the committer, takes every queued request, commits them in one
 * transaction and wakes each of their threads at once; it never waits on a timer, so an idle intake
 * commits a lone request as soon as it is queued. (When the request threads took turns committing
 * under a lock, the waiters of a group woke one after another, each after the last had been
 * scheduled, and on two busy cores that chain, not the commit, was most of a request's time.)
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
public final class SqliteEventIntake implements EventIntake, AutoCloseable {
  /** How often (in the ingest's time) ids older than the retention are deleted. */
  static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(SqliteEventIntake.class);

  private static final String CLAIM =
      "INSERT INTO ingest_dedup (app_id, message_id, accepted_at, pending) VALUES (?1, ?2, ?3, 0)"
          + " ON CONFLICT (app_id, message_id) DO UPDATE SET accepted_at = ?3, pending = 0"
          + " WHERE (pending = 0 AND accepted_at < ?4) OR (pending = 1 AND accepted_at <= ?5)";

  private final SqliteDatabase db;
  private final SqliteEventBus bus;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread committer;
  private volatile boolean closed;
  private Instant lastPrune = Instant.MIN;

  /**
   * The bus must keep the {@code events} topic in {@code db} (its own file, or the bus's): its rows
   * commit with the dedup rows. Starts the committer thread; {@link #close} stops it.
   */
  public SqliteEventIntake(SqliteDatabase db, SqliteEventBus bus) {
    this.db = db;
    this.bus = bus;
    this.committer = new Thread(this::commitWhileOpen, "intake-committer");
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * @throws TransientFailure when the intake is closed (the runner is stopping): nothing of the
   *     request was stored
   */
  @Override
  public Set<String> accept(String appId, Instant receivedAt, List<Candidate> events) {
    Request mine = new Request(appId, receivedAt, events);
    // encoded before the queue, as if every event were new (the usual case): the commit then
    // only has to check the ids, and re-encodes a request only when some were duplicates
    mine.row = row(appId, events, id -> true);
    if (closed) {
      throw new TransientFailure("the intake is closed");
    }
    queue.add(mine);
    if (closed && queue.remove(mine)) {
      // closed between the check and the add, and the committer's last round did not take it
      throw new TransientFailure("the intake is closed");
    }
    mine.awaitCommit();
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.accepted;
  }

  /**
   * Commits what is queued when the last request was queued, waits for the committer to finish, and
   * refuses every later request.
   */
  @Override
  public void close() {
    closed = true;
    committer.interrupt();
    try {
      committer.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (committer.isAlive()) {
      LOG.warn("the intake's committer is still committing {} after close", CLOSE_TIMEOUT);
    }
  }

  private void commitWhileOpen() {
    List<Request> group = new ArrayList<>();
    try {
      while (true) {
        try {
          group.add(queue.take());
        } catch (InterruptedException e) {
          if (closed) {
            break;
          }
          continue;
        }
        queue.drainTo(group);
        commit(group);
        group.clear();
      }
      // closing: what was queued before the flag still gets its commit
      queue.drainTo(group);
      if (!group.isEmpty()) {
        commit(group);
      }
    } catch (RuntimeException | Error e) {
      // the committer cannot go on: refuse what waits, and every later request, rather than hang
      closed = true;
      queue.drainTo(group);
      RuntimeException failure = new IllegalStateException("the intake's committer failed", e);
      group.stream().filter(Request::waiting).forEach(r -> r.fail(failure));
      throw e;
    }
  }

  /** Commits {@code group} in one transaction and wakes every request of it. */
  private void commit(List<Request> group) {
    List<Request> published;
    try {
      published = db.write(c -> apply(c, group));
    } catch (RuntimeException e) {
      group.forEach(r -> r.fail(e));
      return;
    }
    group.forEach(Request::committed);
    for (Request r : published) {
      bus.published(Topics.EVENTS, r.appId);
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

  /** A request waiting for its commit; its results are read after {@link #committed}. */
  private static final class Request {
    final String appId;
    final Instant receivedAt;
    final List<Candidate> events;
    // the request's span, for the trace to continue in analyze on the committer's thread
    final String traceparent = TraceContext.current();
    final CountDownLatch done = new CountDownLatch(1);
    Set<String> accepted = Set.of();
    Row row;
    RuntimeException failure;

    Request(String appId, Instant receivedAt, List<Candidate> events) {
      this.appId = appId;
      this.receivedAt = receivedAt;
      this.events = events;
    }

    boolean waiting() {
      return done.getCount() > 0;
    }

    void committed() {
      done.countDown();
    }

    void fail(RuntimeException e) {
      failure = e;
      done.countDown();
    }

    /**
     * Waits for the commit, through interrupts too: the request is in the transaction's queue, and
     * its caller must learn which of its events were accepted.
     */
    void awaitCommit() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

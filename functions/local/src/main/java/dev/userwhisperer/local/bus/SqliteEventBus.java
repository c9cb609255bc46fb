package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.telemetry.TraceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local event bus, with Pub/Sub's semantics and durable in the SQLite file of the stores.
 *
 * <ul>
 *   <li>{@link #publish} commits the messages before it returns; publishing a message whose id is
 *       still waiting on its topic changes nothing.
 *   <li>Delivery is at least once: a message handed to a subscriber when the process died is
 *       delivered again after a restart.
 *   <li>Messages with the same ordering key are delivered one at a time in publish order; a failed
 *       message holds back the later ones of its key until it succeeds or is dead-lettered, while
 *       other keys go on.
 *   <li>A failed delivery is retried after an exponential backoff; after {@link
 *       BusConfig#maxAttempts} deliveries the message moves to the dead letters with its last
 *       error, from where {@link #redrive} publishes it again.
 * </ul>
 *
 * <p>Each subscribed topic has {@link BusConfig#workersPerTopic} threads, each serving the ordering
 * keys whose hash falls to it; a publish wakes the worker of each key, which claims its due
 * messages in batches. Backoff follows the injected clock (wall-clock time in the running platform:
 * this is infrastructure, not event time). Acknowledged messages are deleted and counted.
 *
 * <p>A topic may live in a SQLite file of its own (the {@code events} topic lives in the intake's
 * file, so that ingest's commits never wait for the pipeline's): its messages, dead letters and
 * counters are in that file, and its handler's writes in the bus's own. A batch of such a topic
 * delivered {@link Delivery#BATCH_IN_ONE_TRANSACTION} records the ids it consumed in {@code
 * bus_consumed} of the bus's file, in the transaction of the handler's writes; the acknowledgement
 * in the topic's file follows that commit. A message whose id is found there (the process died
 * between the two commits) is acknowledged without being handled again. The markers are deleted
 * once the acknowledgement has committed (message ids may name a user), and at each start.
 *
 * <p>A bus made by {@link #deliveringOnDrain} has no threads: the caller of {@link #awaitIdle}
 * delivers, one batch of each topic's oldest due messages at a time, the topics in the order they
 * were subscribed, until nothing is due. Which message sees which state is then a function of what
 * was published and when the bus was drained, not of thread timing: the same requests give the same
 * results, which is what a reproducible simulation needs (as long as no delivery fails: a retry
 * waits out its backoff in wall-clock time, and what is delivered meanwhile depends on it).
 */
public final class SqliteEventBus implements PipelineBus, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteEventBus.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_ERROR_LENGTH = 4000;

  /**
   * How long a batch delivered in one transaction may hold the database's writer before the rest of
   * the batch is released for the next one.
   */
  static final Duration TRANSACTION_BUDGET = Duration.ofMillis(20);

  private static final String PENDING = "pending";
  private static final String IN_FLIGHT = "in_flight";

  private final SqliteDatabase db;
  private final Map<String, SqliteDatabase> ownFiles;
  private final BusConfig config;
  private final Clock clock;
  private final boolean onDrain;
  private final Map<String, List<Worker>> workers = new ConcurrentHashMap<>();
  private final List<Worker> drainOrder = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final Object idleMonitor = new Object();
  // runs PreparingHandler.prepare ahead of delivery (none on a bus delivering on drain)
  private final ExecutorService preparer;
  private volatile boolean closed;

  /**
   * Opens the bus on {@code db}; messages left in flight by a previous process become pending
   * again. The database is not closed with the bus.
   */
  public SqliteEventBus(SqliteDatabase db, BusConfig config, Clock clock) {
    this(db, Map.of(), config, clock, false);
  }

  /**
   * Opens the bus on {@code db}, with the topics of {@code ownFiles} each in the file given (see
   * above); none of those files is closed with the bus.
   */
  public SqliteEventBus(
      SqliteDatabase db, Map<String, SqliteDatabase> ownFiles, BusConfig config, Clock clock) {
    this(db, ownFiles, config, clock, false);
  }

  /**
   * A bus whose messages are delivered only by {@link #awaitIdle}, on the caller's thread (see
   * above); {@link BusConfig#workersPerTopic} does not apply.
   */
  public static SqliteEventBus deliveringOnDrain(SqliteDatabase db, BusConfig config, Clock clock) {
    return new SqliteEventBus(db, Map.of(), config, clock, true);
  }

  /** {@link #deliveringOnDrain(SqliteDatabase, BusConfig, Clock)} with topics in own files. */
  public static SqliteEventBus deliveringOnDrain(
      SqliteDatabase db, Map<String, SqliteDatabase> ownFiles, BusConfig config, Clock clock) {
    return new SqliteEventBus(db, ownFiles, config, clock, true);
  }

  private SqliteEventBus(
      SqliteDatabase db,
      Map<String, SqliteDatabase> ownFiles,
      BusConfig config,
      Clock clock,
      boolean onDrain) {
    this.db = db;
    this.ownFiles = Map.copyOf(ownFiles);
    this.config = config;
    this.clock = clock;
    this.onDrain = onDrain;
    this.preparer =
        onDrain
            ? null
            : Executors.newSingleThreadExecutor(
                task -> {
                  Thread t = new Thread(task, "bus-prepare");
                  t.setDaemon(true);
                  return t;
                });
    int reset = 0;
    for (SqliteDatabase file : files()) {
      reset +=
          file.write(
              c -> {
                try (PreparedStatement p =
                    c.prepareStatement("UPDATE bus_messages SET state = ? WHERE state = ?")) {
                  p.setString(1, PENDING);
                  p.setString(2, IN_FLIGHT);
                  return p.executeUpdate();
                }
              });
    }
    if (reset > 0) {
      log.info("bus: {} messages in flight at the last stop are pending again", reset);
    }
    this.ownFiles.forEach(this::acknowledgeConsumed);
  }

  /** The bus's file and the topics' own files, each once. */
  private List<SqliteDatabase> files() {
    List<SqliteDatabase> files = new ArrayList<>();
    files.add(db);
    ownFiles.values().stream().filter(f -> !files.contains(f)).forEach(files::add);
    return files;
  }

  private SqliteDatabase fileOf(String topic) {
    return ownFiles.getOrDefault(topic, db);
  }

  /**
   * Deletes from {@code file} the messages of {@code topic} that were handled but not acknowledged
   * when the process stopped, then their markers.
   */
  private void acknowledgeConsumed(String topic, SqliteDatabase file) {
    List<String> consumed =
        db.read(
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement("SELECT id FROM bus_consumed WHERE topic = ?")) {
                p.setString(1, topic);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                  while (rs.next()) {
                    ids.add(rs.getString(1));
                  }
                }
                return ids;
              }
            });
    if (consumed.isEmpty()) {
      return;
    }
    int acknowledged =
        file.write(
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement("DELETE FROM bus_messages WHERE topic = ? AND id = ?")) {
                for (String id : consumed) {
                  p.setString(1, topic);
                  p.setString(2, id);
                  p.addBatch();
                }
                return IntStream.of(p.executeBatch()).sum();
              }
            });
    forgetConsumed(db, topic, consumed);
    log.info(
        "bus: {} messages of topic {} handled before the last stop are acknowledged now",
        acknowledged,
        topic);
  }

  private static void forgetConsumed(SqliteDatabase db, String topic, List<String> ids) {
    db.write(c -> forgetConsumed(c, topic, ids));
  }

  private static Void forgetConsumed(Connection c, String topic, List<String> ids)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("DELETE FROM bus_consumed WHERE topic = ? AND id = ?")) {
      for (String id : ids) {
        p.setString(1, topic);
        p.setString(2, id);
        p.addBatch();
      }
      p.executeBatch();
    }
    return null;
  }

  @Override
  public void publish(List<? extends PipelineMessage> messages) {
    ensureOpen();
    if (messages.isEmpty()) {
      return;
    }
    long now = clock.millis();
    String traceparent = TraceContext.current();
    Map<SqliteDatabase, List<PipelineMessage>> byFile = new LinkedHashMap<>();
    for (PipelineMessage m : messages) {
      byFile.computeIfAbsent(fileOf(m.topic()), f -> new ArrayList<>()).add(m);
    }
    byFile.forEach(
        (file, inFile) -> {
          List<byte[]> data = inFile.stream().map(Json::encode).toList();
          file.write(
              c -> {
                try (PreparedStatement p = c.prepareStatement(INSERT)) {
                  for (int i = 0; i < inFile.size(); i++) {
                    PipelineMessage m = inFile.get(i);
                    bind(p, m.topic(), m.id(), m.orderingKey(), data.get(i), now, traceparent);
                    p.addBatch();
                  }
                  p.executeBatch();
                }
                return null;
              });
        });
    for (PipelineMessage m : messages) {
      published(m.topic(), m.orderingKey());
    }
  }

  private static final String INSERT =
      "INSERT OR IGNORE INTO bus_messages "
          + "(topic, id, ordering_key, key_hash, data, attempts, next_attempt_at, state, published_at, "
          + "trace_parent) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)";

  private static void bind(
      PreparedStatement p,
      String topic,
      String id,
      String orderingKey,
      byte[] data,
      long now,
      String traceparent)
      throws SQLException {
    p.setString(1, topic);
    p.setString(2, id);
    p.setString(3, orderingKey);
    p.setInt(4, keyHash(orderingKey));
    p.setBytes(5, data);
    p.setString(6, PENDING);
    p.setLong(7, now);
    p.setString(8, traceparent);
  }

  /**
   * Stores one message, already encoded, inside the caller's write transaction on the topic's file
   * (for a publisher whose other writes must commit with it); after the commit, call {@link
   * #published}. A message whose id is still waiting on its topic is left as it is. {@code
   * traceparent} is the publishing span's, or null.
   */
  void insert(
      Connection c, String topic, String id, String orderingKey, byte[] data, String traceparent)
      throws SQLException {
    ensureOpen();
    try (PreparedStatement p = c.prepareStatement(INSERT)) {
      bind(p, topic, id, orderingKey, data, clock.millis(), traceparent);
      p.executeUpdate();
    }
  }

  /** Wakes the worker of a committed message's key. */
  void published(String topic, String orderingKey) {
    List<Worker> topicWorkers = workers.get(topic);
    if (topicWorkers != null) {
      topicWorkers.get(keyHash(orderingKey) % topicWorkers.size()).wake();
    }
  }

  /**
   * Starts delivering the messages of {@code topic}, those already stored included, to {@code
   * handler}.
   *
   * @throws IllegalStateException when the topic already has a subscriber
   */
  @Override
  public void subscribe(String topic, MessageHandler handler) {
    subscribe(topic, handler, Delivery.EACH_ON_ITS_OWN);
  }

  /**
   * Starts delivering the messages of {@code topic}, those already stored included, to {@code
   * handler}; with {@link Delivery#BATCH_IN_ONE_TRANSACTION}, each claimed batch is handled in one
   * transaction of the bus's database (see {@link Delivery}), cut short after {@link
   * #TRANSACTION_BUDGET} so that other writers are not held up for long (except on a bus delivering
   * on drain, whose order must not depend on timing).
   *
   * @throws IllegalStateException when the topic already has a subscriber
   */
  @Override
  public void subscribe(String topic, MessageHandler handler, Delivery delivery) {
    ensureOpen();
    int partitions = onDrain ? 1 : config.workersPerTopic();
    List<Worker> topicWorkers = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      topicWorkers.add(new Worker(topic, i, partitions, handler, delivery));
    }
    if (workers.putIfAbsent(topic, List.copyOf(topicWorkers)) != null) {
      throw new IllegalStateException("topic " + topic + " already has a subscriber");
    }
    if (onDrain) {
      drainOrder.add(topicWorkers.get(0));
      return;
    }
    for (Worker w : topicWorkers) {
      Thread t = new Thread(w, "bus-" + topic + "-" + w.partition);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Per topic with messages, dead letters, deliveries or a subscriber, by topic name. */
  @Override
  public Map<String, TopicStats> stats() {
    Map<String, long[]> counts = new TreeMap<>();
    workers.keySet().forEach(t -> counts.put(t, new long[4]));
    for (SqliteDatabase file : files()) {
      file.read(
          c -> {
            try (Statement s = c.createStatement()) {
              collect(
                  s,
                  "SELECT topic, sum(state = 'pending'), sum(state = 'in_flight') FROM bus_messages GROUP BY topic",
                  counts,
                  0,
                  1);
              collect(s, "SELECT topic, count(*) FROM bus_dead_letters GROUP BY topic", counts, 2);
              collect(s, "SELECT topic, delivered FROM bus_counters", counts, 3);
            }
            return null;
          });
    }
    Map<String, TopicStats> stats = new TreeMap<>();
    counts.forEach((t, n) -> stats.put(t, new TopicStats(t, n[0], n[1], n[2], n[3])));
    return stats;
  }

  /** The dead letters of {@code topic}, the most recent first. */
  @Override
  public List<DeadLetter> deadLetters(String topic, int limit) {
    return fileOf(topic)
        .read(
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT id, ordering_key, data, attempts, last_error, dead_at FROM bus_dead_letters "
                          + "WHERE topic = ? ORDER BY seq DESC LIMIT ?")) {
                p.setString(1, topic);
                p.setInt(2, limit);
                List<DeadLetter> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                  while (rs.next()) {
                    out.add(
                        new DeadLetter(
                            topic,
                            rs.getString(1),
                            rs.getString(2),
                            rs.getBytes(3),
                            rs.getInt(4),
                            rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6))));
                  }
                }
                return out;
              }
            });
  }

  /**
   * Publishes the dead letters of {@code topic} again, in the order they died, with a fresh count
   * of attempts; one whose id is pending again meanwhile is dropped as a duplicate.
   *
   * @return how many dead letters were taken
   */
  @Override
  public int redrive(String topic) {
    ensureOpen();
    int taken =
        fileOf(topic)
            .write(
                c -> {
                  try (PreparedStatement insert =
                          c.prepareStatement(
                              "INSERT OR IGNORE INTO bus_messages "
                                  + "(topic, id, ordering_key, key_hash, data, attempts, next_attempt_at, state, published_at) "
                                  + "SELECT topic, id, ordering_key, key_hash, data, 0, 0, ?, ? FROM bus_dead_letters "
                                  + "WHERE topic = ? ORDER BY seq");
                      PreparedStatement delete =
                          c.prepareStatement("DELETE FROM bus_dead_letters WHERE topic = ?")) {
                    insert.setString(1, PENDING);
                    insert.setLong(2, clock.millis());
                    insert.setString(3, topic);
                    insert.executeUpdate();
                    delete.setString(1, topic);
                    return delete.executeUpdate();
                  }
                });
    workers.getOrDefault(topic, List.of()).forEach(Worker::wake);
    return taken;
  }

  /**
   * Waits until no message of a subscribed topic is pending or in flight (messages of topics nobody
   * subscribes to wait for a subscriber and are not counted).
   *
   * @return false when still busy after {@code timeout}
   */
  @Override
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (onDrain) {
      return deliverUntilIdle(deadline);
    }
    while (true) {
      if (outstanding() == 0) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (idleMonitor) {
        TimeUnit.NANOSECONDS.timedWait(
            idleMonitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
  }

  /**
   * Delivers on this thread, one batch of each topic in turn, until no message is left, the
   * deadline passes or the bus is closed; messages waiting out a backoff are waited for. One drain
   * at a time, so that the order stays the bus's own.
   */
  private synchronized boolean deliverUntilIdle(long deadline) throws InterruptedException {
    while (true) {
      boolean delivered = false;
      for (Worker w : drainOrder) {
        if (closed || System.nanoTime() >= deadline) {
          return false;
        }
        delivered |= w.deliverDue();
      }
      if (delivered) {
        continue;
      }
      if (outstanding() == 0) {
        return true;
      }
      long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMillis <= 0) {
        return false;
      }
      long backoff = drainOrder.stream().mapToLong(Worker::untilNextDue).min().orElse(leftMillis);
      Thread.sleep(Math.min(leftMillis, backoff));
    }
  }

  /** Stops the workers, letting each finish the message in hand; the database stays open. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    if (preparer != null) {
      preparer.shutdownNow();
    }
    workers.values().forEach(ws -> ws.forEach(Worker::wake));
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        log.warn(
            "bus: worker {} did not stop within {}; interrupting it", t.getName(), CLOSE_TIMEOUT);
        t.interrupt();
      }
    }
  }

  private long outstanding() {
    long outstanding = 0;
    for (SqliteDatabase file : files()) {
      Set<String> topics =
          workers.keySet().stream().filter(t -> fileOf(t) == file).collect(Collectors.toSet());
      if (!topics.isEmpty()) {
        outstanding += outstanding(file, topics);
      }
    }
    if (!ownFiles.isEmpty()) {
      // a message is done once its marker is gone too
      outstanding +=
          db.read(
              c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM bus_consumed")) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
    }
    return outstanding;
  }

  private static long outstanding(SqliteDatabase file, Set<String> topics) {
    return file.read(
        c -> {
          String marks = String.join(",", Collections.nCopies(topics.size(), "?"));
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT count(*) FROM bus_messages WHERE topic IN (" + marks + ")")) {
            int i = 1;
            for (String t : topics) {
              p.setString(i++, t);
            }
            try (ResultSet rs = p.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private static void collect(Statement s, String sql, Map<String, long[]> counts, int... slots)
      throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        long[] n = counts.computeIfAbsent(rs.getString(1), t -> new long[4]);
        for (int i = 0; i < slots.length; i++) {
          n[slots[i]] += rs.getLong(i + 2);
        }
      }
    }
  }

  /** Stable across processes (String.hashCode is specified), non-negative. */
  private static int keyHash(String orderingKey) {
    return orderingKey.hashCode() & 0x7fffffff;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the bus is closed");
    }
  }

  private void idleChanged() {
    synchronized (idleMonitor) {
      idleMonitor.notifyAll();
    }
  }

  private static String describe(Throwable e) {
    String text = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  private record Claimed(
      long seq,
      String id,
      String orderingKey,
      int keyHash,
      byte[] data,
      int attempt,
      long publishedAt,
      String traceparent) {}

  private record Failed(Claimed message, String error) {}

  /** A checked exception of a handler, carried through a transaction's work. */
  private static final class HandlerFailure extends RuntimeException {
    HandlerFailure(Exception cause) {
      super(cause);
    }
  }

  /** What became of each message of a batch. */
  private final class Outcomes {
    final List<Claimed> acked = new ArrayList<>();
    final List<Claimed> released = new ArrayList<>();
    final List<Failed> retried = new ArrayList<>();
    final List<Failed> dead = new ArrayList<>();
    // messages were released because the transaction's budget ran out
    boolean cutShort;
    private final Set<String> heldBack = new HashSet<>();
    private final String topic;

    Outcomes(String topic) {
      this.topic = topic;
    }

    /** A later message of a key whose earlier message failed waits for that one's retry. */
    boolean holdsBack(Claimed m) {
      return heldBack.contains(m.orderingKey());
    }

    void failed(Claimed m, Throwable e) {
      if (closed) {
        released.add(m);
      } else if (m.attempt() >= config.maxAttempts()) {
        log.warn(
            "bus: dead-lettering message {} of topic {} after {} attempts",
            m.id(),
            topic,
            m.attempt(),
            e);
        dead.add(new Failed(m, describe(e)));
      } else {
        log.debug("bus: message {} of topic {} failed attempt {}", m.id(), topic, m.attempt(), e);
        retried.add(new Failed(m, describe(e)));
        heldBack.add(m.orderingKey());
      }
    }
  }

  /** One worker: the messages of one topic whose ordering key hashes to its partition. */
  private final class Worker implements Runnable {
    private final String topic;
    private final int partition;
    private final int partitions;
    private final MessageHandler handler;
    private final Delivery delivery;
    // the file of the topic's messages; the handler's writes go to the bus's file
    private final SqliteDatabase store;
    // ids acknowledged in the topic's own file whose markers could not be deleted yet
    private final List<String> consumedAndAcknowledged = new ArrayList<>();
    // how many messages to claim next: the batch size, or about what the last transaction's
    // budget let through (claiming messages only to release them reads and writes them for nothing)
    private int claimLimit;
    private boolean woken;

    Worker(String topic, int partition, int partitions, MessageHandler handler, Delivery delivery) {
      this.store = fileOf(topic);
      this.topic = topic;
      this.partition = partition;
      this.partitions = partitions;
      this.handler = handler;
      this.delivery = delivery;
      this.claimLimit = config.batchSize();
    }

    synchronized void wake() {
      woken = true;
      notifyAll();
    }

    private synchronized void sleep(long millis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (!woken && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      woken = false;
    }

    @Override
    public void run() {
      try {
        while (!closed) {
          long waitMillis;
          try {
            if (deliverDue()) {
              continue;
            }
            waitMillis = untilNextDue();
          } catch (RuntimeException e) {
            log.error(
                "bus: worker {} of topic {} failed; retrying in {}",
                partition,
                topic,
                config.idlePoll(),
                e);
            waitMillis = config.idlePoll().toMillis();
          }
          sleep(waitMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Claims and delivers one batch; false when nothing of this partition was due. */
    boolean deliverDue() throws InterruptedException {
      List<Claimed> batch = claim();
      if (batch.isEmpty()) {
        return false;
      }
      if (delivery == Delivery.BATCH_IN_ONE_TRANSACTION) {
        deliverInOneTransaction(batch);
      } else {
        deliver(batch);
      }
      return true;
    }

    /**
     * Marks as in flight the oldest pending messages of this partition whose key has no message in
     * flight and none waiting out a backoff.
     */
    private List<Claimed> claim() {
      long now = clock.millis();
      return store.write(
          c -> {
            List<Claimed> batch = new ArrayList<>();
            try (PreparedStatement p =
                c.prepareStatement(
                    "SELECT seq, id, ordering_key, key_hash, data, attempts, published_at, trace_parent "
                        + "FROM bus_messages "
                        + "WHERE topic = ?1 AND state = 'pending' AND key_hash % ?2 = ?3 "
                        + "AND ordering_key NOT IN ("
                        + "  SELECT ordering_key FROM bus_messages WHERE topic = ?1 AND state = 'in_flight' "
                        + "  UNION SELECT ordering_key FROM bus_messages WHERE topic = ?1 AND next_attempt_at > ?4) "
                        + "ORDER BY seq LIMIT ?5")) {
              p.setString(1, topic);
              p.setInt(2, partitions);
              p.setInt(3, partition);
              p.setLong(4, now);
              p.setInt(5, claimLimit);
              try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                  batch.add(
                      new Claimed(
                          rs.getLong(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getInt(4),
                          rs.getBytes(5),
                          rs.getInt(6) + 1,
                          rs.getLong(7),
                          rs.getString(8)));
                }
              }
            }
            try (PreparedStatement p =
                c.prepareStatement(
                    "UPDATE bus_messages SET state = 'in_flight', attempts = attempts + 1 WHERE seq = ?")) {
              for (Claimed m : batch) {
                p.setLong(1, m.seq());
                p.addBatch();
              }
              p.executeBatch();
            }
            return batch;
          });
    }

    private void deliver(List<Claimed> batch) throws InterruptedException {
      Outcomes outcomes = new Outcomes(topic);
      for (Claimed m : batch) {
        if (closed || outcomes.holdsBack(m)) {
          outcomes.released.add(m);
          continue;
        }
        try {
          handler.handle(message(m));
          outcomes.acked.add(m);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          outcomes.failed(m, e);
        }
      }
      settle(outcomes);
    }

    /**
     * Handles the batch, each message in a savepoint of one transaction that also records the
     * outcomes: a message that fails is undone alone and retried, and a crash or a failed commit
     * undoes the batch, whose messages are then delivered again (at the next start, or after a
     * backoff) with nothing of them applied.
     */
    private void deliverInOneTransaction(List<Claimed> batch) throws InterruptedException {
      boolean ownFile = store != db;
      prepareAhead(batch, 0);
      long budgetEnds = System.nanoTime() + TRANSACTION_BUDGET.toNanos();
      Outcomes outcomes;
      try {
        outcomes =
            db.transaction(
                c -> {
                  Outcomes o = new Outcomes(topic);
                  Set<String> consumed = ownFile ? consumedBefore(c, batch) : Set.of();
                  for (int i = 0; i < batch.size(); i++) {
                    Claimed m = batch.get(i);
                    if (consumed.contains(m.id())) {
                      o.acked.add(m);
                      continue;
                    }
                    if (closed || o.holdsBack(m)) {
                      o.released.add(m);
                      continue;
                    }
                    if (overBudget(budgetEnds)) {
                      o.released.add(m);
                      o.cutShort = true;
                      continue;
                    }
                    prepareAhead(batch, i + 1);
                    try {
                      db.write(
                          savepoint -> {
                            handleWrapped(m);
                            return null;
                          });
                      o.acked.add(m);
                    } catch (VirtualMachineError e) {
                      throw e;
                    } catch (Throwable e) {
                      o.failed(m, e instanceof HandlerFailure f ? f.getCause() : e);
                    }
                  }
                  if (ownFile) {
                    markConsumed(c, o.acked);
                  } else {
                    write(c, clock.millis(), o);
                  }
                  return o;
                });
      } catch (RuntimeException e) {
        log.error(
            "bus: a batch of {} messages of topic {} could not commit; it is delivered again",
            batch.size(),
            topic,
            e);
        Outcomes again = new Outcomes(topic);
        batch.forEach(m -> again.failed(m, e));
        settle(again);
        return;
      }
      if (ownFile) {
        consumedAndAcknowledged.clear();
        settle(outcomes);
        forgetAcknowledged(outcomes.acked);
      }
      claimLimit =
          outcomes.cutShort
              ? Math.min(config.batchSize(), outcomes.acked.size() + outcomes.retried.size() + 2)
              : config.batchSize();
      idleChanged();
    }

    /**
     * Hands the message at {@code index} of the batch, if any, to a {@link PreparingHandler}'s
     * prepare on the bus's prepare thread.
     */
    private void prepareAhead(List<Claimed> batch, int index) {
      if (preparer == null || index >= batch.size() || !(handler instanceof PreparingHandler p)) {
        return;
      }
      BusMessage next = message(batch.get(index));
      try {
        preparer.execute(
            () -> {
              try {
                p.prepare(next);
              } catch (RuntimeException e) {
                // the delivery does the work itself and reports what fails there
                log.debug("bus: preparing message {} of topic {} failed", next.id(), topic, e);
              }
            });
      } catch (RejectedExecutionException e) {
        // closing: nothing to prepare for
      }
    }

    /**
     * Deletes the markers of messages whose acknowledgement has committed: message ids may name a
     * user (feedback's do), and an erasure must leave none behind. Should that fail, the next
     * batch's transaction deletes them.
     */
    private void forgetAcknowledged(List<Claimed> acked) {
      List<String> ids = acked.stream().map(Claimed::id).toList();
      if (ids.isEmpty()) {
        return;
      }
      try {
        forgetConsumed(db, topic, ids);
      } catch (RuntimeException e) {
        log.warn("bus: markers of topic {} stay until the next batch", topic, e);
        consumedAndAcknowledged.addAll(ids);
      }
    }

    /**
     * The ids of {@code batch} already handled by a transaction whose acknowledgement was lost.
     * Only a message delivered before can be one (its claim counted an attempt), so a first
     * delivery costs no lookup.
     */
    private Set<String> consumedBefore(Connection c, List<Claimed> batch) throws SQLException {
      List<Claimed> again = batch.stream().filter(m -> m.attempt() > 1).toList();
      if (again.isEmpty()) {
        return Set.of();
      }
      Set<String> consumed = new HashSet<>();
      try (PreparedStatement p =
          c.prepareStatement("SELECT 1 FROM bus_consumed WHERE topic = ? AND id = ?")) {
        for (Claimed m : again) {
          p.setString(1, topic);
          p.setString(2, m.id());
          try (ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
              consumed.add(m.id());
            }
          }
        }
      }
      return consumed;
    }

    /**
     * Records in the handler's transaction which messages it handled, and forgets those
     * acknowledged before whose markers could not be deleted then.
     */
    private void markConsumed(Connection c, List<Claimed> acked) throws SQLException {
      forgetConsumed(c, topic, consumedAndAcknowledged);
      try (PreparedStatement p =
          c.prepareStatement("INSERT OR IGNORE INTO bus_consumed (topic, id) VALUES (?, ?)")) {
        for (Claimed m : acked) {
          p.setString(1, topic);
          p.setString(2, m.id());
          p.addBatch();
        }
        p.executeBatch();
      }
    }

    /** A drain's order must not depend on timing, so a drained batch is never cut short. */
    private boolean overBudget(long budgetEnds) {
      return !onDrain && System.nanoTime() - budgetEnds > 0;
    }

    private void handleWrapped(Claimed m) {
      try {
        handler.handle(message(m));
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new HandlerFailure(e);
      }
    }

    private BusMessage message(Claimed m) {
      return new BusMessage(
          topic, m.id(), m.orderingKey(), m.data(), m.attempt(), m.traceparent(), m.publishedAt());
    }

    /**
     * Records the outcome of a batch; retried until it is written, for the batch holds its keys.
     */
    private void settle(Outcomes outcomes) throws InterruptedException {
      while (true) {
        try {
          long now = clock.millis();
          store.write(c -> write(c, now, outcomes));
          idleChanged();
          return;
        } catch (RuntimeException e) {
          if (closed) {
            return; // what was not recorded is in flight in the file, so pending again at the next
            // start
          }
          log.error("bus: cannot record the outcome of a batch of topic {}; retrying", topic, e);
          Thread.sleep(config.idlePoll().toMillis());
        }
      }
    }

    private Void write(Connection c, long now, Outcomes outcomes) throws SQLException {
      List<Claimed> acked = outcomes.acked;
      List<Claimed> released = outcomes.released;
      List<Failed> retried = outcomes.retried;
      List<Failed> dead = outcomes.dead;
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM bus_messages WHERE seq = ?");
          PreparedStatement release =
              c.prepareStatement(
                  "UPDATE bus_messages SET state = 'pending', attempts = attempts - 1 WHERE seq = ?");
          PreparedStatement retry =
              c.prepareStatement(
                  "UPDATE bus_messages SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE seq = ?");
          PreparedStatement bury =
              c.prepareStatement(
                  "INSERT INTO bus_dead_letters "
                      + "(topic, id, ordering_key, key_hash, data, attempts, last_error, dead_at) "
                      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement count =
              c.prepareStatement(
                  "INSERT INTO bus_counters (topic, delivered) VALUES (?, ?) "
                      + "ON CONFLICT (topic) DO UPDATE SET delivered = delivered + excluded.delivered")) {
        for (Claimed m : acked) {
          delete.setLong(1, m.seq());
          delete.addBatch();
        }
        for (Failed f : dead) {
          delete.setLong(1, f.message().seq());
          delete.addBatch();
          Claimed m = f.message();
          bury.setString(1, topic);
          bury.setString(2, m.id());
          bury.setString(3, m.orderingKey());
          bury.setInt(4, m.keyHash());
          bury.setBytes(5, m.data());
          bury.setInt(6, m.attempt());
          bury.setString(7, f.error());
          bury.setLong(8, now);
          bury.addBatch();
        }
        delete.executeBatch();
        bury.executeBatch();
        for (Claimed m : released) {
          release.setLong(1, m.seq());
          release.addBatch();
        }
        release.executeBatch();
        for (Failed f : retried) {
          retry.setLong(1, now + config.backoff(f.message().attempt()).toMillis());
          retry.setString(2, f.error());
          retry.setLong(3, f.message().seq());
          retry.addBatch();
        }
        retry.executeBatch();
        if (!acked.isEmpty()) {
          count.setString(1, topic);
          count.setLong(2, acked.size());
          count.executeUpdate();
        }
      }
      return null;
    }

    /**
     * How long to sleep: until the earliest backoff of this partition ends, at most the idle poll.
     */
    private long untilNextDue() {
      Long next =
          store.read(
              c -> {
                try (PreparedStatement p =
                    c.prepareStatement(
                        "SELECT min(next_attempt_at) FROM bus_messages "
                            + "WHERE topic = ? AND state = 'pending' AND key_hash % ? = ? AND next_attempt_at > ?")) {
                  p.setString(1, topic);
                  p.setInt(2, partitions);
                  p.setInt(3, partition);
                  p.setLong(4, clock.millis());
                  try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                  }
                }
              });
      long poll = config.idlePoll().toMillis();
      return next == null ? poll : Math.max(1, Math.min(poll, next - clock.millis()));
    }
  }
}

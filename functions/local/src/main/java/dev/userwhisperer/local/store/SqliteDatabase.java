package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.TransientFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite file in WAL mode holding every local store and the event bus, with its schema.
 *
 * <p>SQLite admits one writer at a time. Rather than letting ingest threads and bus workers fight
 * for the file lock (and spin on {@code SQLITE_BUSY}), all writes go through one connection guarded
 * by a fair lock, each as one {@code BEGIN IMMEDIATE} transaction; reads use a small pool of other
 * connections, which WAL lets run alongside the writer on the last committed state.
 *
 * <p>{@code synchronous=NORMAL} in WAL mode syncs the WAL only at checkpoints, not at every commit.
 * A commit is still complete in the WAL file once {@code write} returns, and that file lives in the
 * operating system's page cache, which survives the death of the process (kill -9, a crash of the
 * JVM): only a power loss or kernel crash can lose the last commits, and even then the database
 * stays consistent. That is the durability a local runner needs, at a fraction of FULL's cost.
 *
 * <p>Checkpoints (copying the WAL into the database file, the one step that fsyncs) run on a
 * background thread every {@link #CHECKPOINT_INTERVAL}, not on the writer: SQLite's automatic
 * checkpoint would run them inside whichever commit crosses 1,000 pages, so about one decision or
 * event batch in a few hundred waited 10 ms for the disk. A PASSIVE checkpoint never blocks the
 * writer or the readers; what it cannot copy while a reader holds old pages the next one does.
 *
 * <p>The statements the pipeline runs for every event ({@link #prepared}) are compiled once per
 * connection and reused: compiled anew on every call, they took a fifth of the pipeline writer's
 * time inside SQLite.
 *
 * <p>Inside a {@link #transaction}, a store may hold its writes back ({@link HeldBack}) and make
 * them all at the transaction's end, before the commit: the encoding of a batch's rows then runs on
 * every core at once instead of one row at a time on the writer, and a row changed twice in the
 * batch is written once.
 */
public final class SqliteDatabase implements AutoCloseable {
  /** Work on a connection; SQL failures are turned into unchecked exceptions by the caller. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** SQLite's own default page cache per connection, in KiB. */
  public static final int DEFAULT_CACHE_KIB = 2_000;

  /**
   * The writes a store holds back during a {@link #transaction} (see {@link #inTransaction}),
   * serving its own reads in that transaction from them. All methods run on the transaction's
   * thread, under the write lock.
   */
  public interface HeldBack {
    /** Where the held writes stand now; {@link #undoTo} returns there. */
    int mark();

    /**
     * Forgets the writes held since {@code mark} (the savepoint that made them was undone); {@code
     * 0} forgets them all (the transaction rolled back, or ended).
     */
    void undoTo(int mark);

    /**
     * Makes the held writes on the writer, just before the transaction commits, and forgets them.
     */
    void writeHeld(Connection writer) throws SQLException;
  }

  private static final int READERS = 4;
  private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

  private final Path file;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> all = new ArrayList<>();
  private final Map<Connection, Map<String, PreparedStatement>> statements =
      new ConcurrentHashMap<>();
  private final Connection checkpointer;
  private final ScheduledExecutorService checkpoints;
  private volatile boolean closed;
  private volatile Thread transactionOwner;
  private final List<HeldBack> heldBack = new CopyOnWriteArrayList<>();

  /**
   * Opens (creating it and its directory when absent) the database file and brings its schema up to
   * date.
   */
  public SqliteDatabase(Path file) {
    this(file, DEFAULT_CACHE_KIB);
  }

  /**
   * As {@link #SqliteDatabase(Path)}, with a page cache of {@code writerCacheKib} KiB for the
   * writer connection: a transaction that dirties more pages than its cache holds spills them to
   * the WAL before its commit and reads them back, and an index whose inserts land on random pages
   * (random client ids) misses a small cache on nearly every insert.
   */
  public SqliteDatabase(Path file, int writerCacheKib) {
    if (writerCacheKib < 1) {
      throw new IllegalArgumentException("writerCacheKib must be positive: " + writerCacheKib);
    }
    this.file = file.toAbsolutePath();
    try {
      if (this.file.getParent() != null) {
        Files.createDirectories(this.file.getParent());
      }
      writer = open();
      try (Statement s = writer.createStatement()) {
        s.execute("PRAGMA wal_autocheckpoint=0");
        s.execute("PRAGMA cache_size=-" + writerCacheKib);
      }
      SqliteSchema.migrate(writer);
      for (int i = 0; i < READERS; i++) {
        readers.add(open());
      }
      checkpointer = open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      closeAll();
      throw new IllegalStateException("cannot open " + this.file, e);
    } catch (RuntimeException e) {
      closeAll();
      throw e;
    }
    checkpoints =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "sqlite-checkpoint");
              t.setDaemon(true);
              return t;
            });
    long every = CHECKPOINT_INTERVAL.toMillis();
    checkpoints.scheduleWithFixedDelay(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Copies what it can of the WAL into the database file without waiting for anyone. A failure
   * loses nothing (the WAL keeps every commit); it is logged and the next round tries again.
   */
  void checkpoint() {
    try (Statement s = checkpointer.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      if (!closed) {
        LOG.warn(
            "checkpoint of {} failed, retried in {}: {}",
            file,
            CHECKPOINT_INTERVAL,
            e.getMessage());
      }
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the writer connection:
   * committed when it returns, rolled back when it throws. Inside a {@link #transaction}, on its
   * thread, it runs as a savepoint of that transaction instead: undone alone when it throws,
   * committed only with the transaction.
   *
   * @throws TransientFailure when the file stays locked by another process beyond the busy timeout
   * @throws IllegalStateException when called from within {@code work} of another write (outside a
   *     {@link #transaction})
   */
  public <T> T write(SqlWork<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      if (writeLock.getHoldCount() > 1) {
        if (transactionOwner != Thread.currentThread()) {
          throw new IllegalStateException(
              "write called inside a write: SQLite has no nested transactions");
        }
        return savepoint(work);
      }
      return begin(work);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction that the stores' writes and reads
   * on this thread join: each {@link #write} becomes a savepoint of it, each {@link #read} runs on
   * the writer and sees what the transaction has written so far. One commit (and, at a checkpoint,
   * one sync) then covers the work of many writes. Other threads wait for the writer meanwhile, so
   * keep the work short.
   *
   * @throws IllegalStateException when called inside a write
   */
  public <T> T transaction(SqlWork<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      if (writeLock.getHoldCount() > 1) {
        throw new IllegalStateException(
            "transaction called inside a write: SQLite has no nested transactions");
      }
      transactionOwner = Thread.currentThread();
      try {
        return begin(
            c -> {
              T result = work.apply(c);
              for (HeldBack held : heldBack) {
                held.writeHeld(c);
              }
              return result;
            });
      } finally {
        transactionOwner = null;
        for (HeldBack held : heldBack) {
          held.undoTo(0);
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T begin(SqlWork<T> work) {
    try {
      prepared(writer, "BEGIN IMMEDIATE").execute();
      T result;
      try {
        result = work.apply(writer);
      } catch (RuntimeException | SQLException | Error e) {
        rollback();
        throw e;
      }
      prepared(writer, "COMMIT").execute();
      return result;
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private <T> T savepoint(SqlWork<T> work) {
    try {
      prepared(writer, "SAVEPOINT write").execute();
      int[] marks = new int[heldBack.size()];
      for (int i = 0; i < marks.length; i++) {
        marks[i] = heldBack.get(i).mark();
      }
      T result;
      try {
        result = work.apply(writer);
      } catch (RuntimeException | SQLException | Error e) {
        for (int i = 0; i < marks.length; i++) {
          heldBack.get(i).undoTo(marks[i]);
        }
        try (Statement s = writer.createStatement()) {
          s.execute("ROLLBACK TO write");
          s.execute("RELEASE write");
        }
        throw e;
      }
      prepared(writer, "RELEASE write").execute();
      return result;
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * Registers a store's held-back writes, before any transaction that may hold some (at the store's
   * construction).
   */
  public void holdBack(HeldBack held) {
    heldBack.add(held);
  }

  /**
   * Whether the calling thread runs a {@link #transaction}, so that a store may hold its writes
   * back until the transaction's end ({@link HeldBack}).
   */
  public boolean inTransaction() {
    return transactionOwner == Thread.currentThread();
  }

  /**
   * {@code sql} compiled once on {@code connection} and kept for its next use: for the statements
   * run for every event, in work given to {@link #write}, {@link #transaction} or {@link #read}.
   * The caller binds every parameter each time, closes the result sets it opens, and never closes
   * the statement; the connection is used by one thread at a time, so its statements are too.
   */
  public PreparedStatement prepared(Connection connection, String sql) throws SQLException {
    Map<String, PreparedStatement> ofConnection =
        statements.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
    PreparedStatement statement = ofConnection.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      ofConnection.put(sql, statement);
    }
    return statement;
  }

  /**
   * Runs {@code work} on a read connection (autocommit: each statement sees the last commit), or,
   * inside a {@link #transaction} on its thread, on the writer, seeing what it has written.
   */
  public <T> T read(SqlWork<T> work) {
    if (transactionOwner == Thread.currentThread()) {
      try {
        return work.apply(writer);
      } catch (SQLException e) {
        throw translate(e);
      }
    }
    Connection c = null;
    try {
      while (c == null) {
        ensureOpen();
        c = readers.poll(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for a read connection", e);
    }
    try {
      return work.apply(c);
    } catch (SQLException e) {
      throw translate(e);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public void close() {
    checkpoints.shutdown();
    try {
      if (!checkpoints.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("a checkpoint of {} is still running at close", file);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeLock.lock();
    try {
      closed = true;
      closeAll();
    } finally {
      writeLock.unlock();
    }
  }

  /** Instants are stored as epoch nanoseconds, which sort and compare exactly. */
  public static long nanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private Connection open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    config.enforceForeignKeys(true);
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    all.add(c);
    return c;
  }

  private void rollback() {
    try (Statement s = writer.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite already rolled back (e.g. after SQLITE_FULL); the original failure is what matters.
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("database " + file + " is closed");
    }
  }

  private RuntimeException translate(SQLException e) {
    if (e instanceof SQLiteException s
        && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code) {
      return new TransientFailure("database " + file + " is busy", e);
    }
    return new IllegalStateException("SQLite failure on " + file + ": " + e.getMessage(), e);
  }

  private void closeAll() {
    for (Map<String, PreparedStatement> ofConnection : statements.values()) {
      for (PreparedStatement statement : ofConnection.values()) {
        try {
          statement.close();
        } catch (SQLException e) {
          // closing: the connection's close below releases what is left
        }
      }
    }
    statements.clear();
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing: nothing left to do with a connection that cannot close
      }
    }
    all.clear();
    readers.clear();
  }
}

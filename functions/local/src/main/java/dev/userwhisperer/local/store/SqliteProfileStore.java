package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Profiles as documents in {@link ProfileEncoding} (JSON rows of older versions are still read),
 * one row per user, with the profile's sweep shard and the earliest due time of its scheduled
 * checks in columns of their own, indexed for {@link #due}. An update reads, changes and writes the
 * document in one {@code IMMEDIATE} transaction on the single writer, so concurrent updates of one
 * user are serialised and {@code change} runs exactly once.
 *
 * <p>Decoding a document is the costly part of reading it, and it needs no writer: {@link
 * #prefetch} decodes the committed documents of users about to be updated on the caller's thread
 * (the bus's prepare thread, while the writer is busy with the batch before), and a read inside the
 * writer's transaction takes the decoded profile instead of decoding again when the row's bytes are
 * still exactly the bytes it was decoded from: the same bytes decode to the same profile, so a
 * prefetch can only save work, never change a result. {@link #find} keeps its decoding the same
 * way, so decide's read of a user and its update of the same user decode the document once.
 *
 * <p>Inside a {@linkplain SqliteDatabase#transaction transaction} (a claimed batch of bus
 * messages), an update's profile is held back ({@link SqliteDatabase.HeldBack}) rather than encoded
 * and written at once: the transaction's later reads and updates of the user take it from there,
 * and at the transaction's end every held profile is encoded, on all cores at once, and upserted
 * once, however often the batch changed it. A savepoint undone forgets what it held; a rolled-back
 * transaction leaves nothing behind.
 */
public final class SqliteProfileStore implements ProfileStore, ProfilePrefetch {
  /** Beyond this many decoded profiles waiting for their update, all are dropped. */
  static final int MAX_PREFETCHED = 20_000;

  private static final String SELECT_DOC =
      "SELECT doc FROM profiles WHERE app_id = ? AND user_id = ?";
  private static final String UPSERT =
      "INSERT INTO profiles (app_id, user_id, doc, updated_at, sweep_shard, next_due_at,"
          + " merged_into) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_id, user_id) DO"
          + " UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at,"
          + " sweep_shard = excluded.sweep_shard, next_due_at = excluded.next_due_at,"
          + " merged_into = excluded.merged_into";

  private final SqliteDatabase db;
  private final Map<Key, Decoded> prefetched = new ConcurrentHashMap<>();
  private final HeldProfiles held = new HeldProfiles();

  public SqliteProfileStore(SqliteDatabase db) {
    this.db = db;
    db.holdBack(held);
    db.write(this::foldScheduledTasks);
  }

  /**
   * The stored profile; its decoding is kept, like a prefetch, for the update that usually follows
   * (decide reads the user, decides, then writes the decision's pending message).
   */
  @Override
  public Optional<Profile> find(String appId, String userId) {
    if (db.inTransaction()) {
      Profile pending = held.get(new Key(appId, userId));
      if (pending != null) {
        return Optional.of(pending);
      }
    }
    byte[] doc = db.read(c -> loadDoc(c, appId, userId));
    if (doc == null) {
      return Optional.empty();
    }
    Profile profile = decoded(appId, userId, doc);
    keep(appId, userId, doc, profile);
    return Optional.of(profile);
  }

  @Override
  public void prefetch(String appId, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return;
    }
    Map<String, byte[]> docs =
        db.read(
            c -> {
              Map<String, byte[]> found = new HashMap<>();
              PreparedStatement p = db.prepared(c, SELECT_DOC);
              for (String userId : userIds) {
                p.setString(1, appId);
                p.setString(2, userId);
                try (ResultSet rs = p.executeQuery()) {
                  if (rs.next()) {
                    found.put(userId, rs.getBytes(1));
                  }
                }
              }
              return found;
            });
    docs.forEach((userId, doc) -> keep(appId, userId, doc, ProfileEncoding.decode(doc)));
  }

  private void keep(String appId, String userId, byte[] doc, Profile profile) {
    if (prefetched.size() >= MAX_PREFETCHED) {
      prefetched.clear(); // left by updates that never came (a batch cut short, a read alone)
    }
    prefetched.put(new Key(appId, userId), new Decoded(doc, profile));
  }

  /** How many decoded profiles wait for their update (for tests). */
  int prefetchedCount() {
    return prefetched.size();
  }

  @Override
  public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
    return db.write(
        c -> {
          Profile current = load(c, appId, userId).orElseGet(() -> Profile.empty(appId, userId));
          Profile next = Objects.requireNonNull(change.apply(current), "change returned null");
          if (!next.appId().equals(appId) || !next.userId().equals(userId)) {
            throw new IllegalArgumentException(
                "change moved profile "
                    + appId
                    + "/"
                    + userId
                    + " to "
                    + next.appId()
                    + "/"
                    + next.userId());
          }
          store(c, next);
          return next;
        });
  }

  @Override
  public List<String> mergedInto(String appId, String userId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT user_id FROM profiles WHERE app_id = ? AND merged_into = ?"
                      + " ORDER BY user_id")) {
            p.setString(1, appId);
            p.setString(2, userId);
            List<String> merged = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                merged.add(rs.getString(1));
              }
            }
            if (db.inTransaction()) {
              held.overlayMergedInto(appId, userId, merged);
            }
            return merged;
          }
        });
  }

  @Override
  public List<Profile> due(int shard, Instant now, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT doc FROM profiles WHERE (? = -1 OR sweep_shard = ?) AND next_due_at <= ?"
                      + " ORDER BY next_due_at LIMIT ?")) {
            p.setInt(1, shard);
            p.setInt(2, shard);
            p.setLong(3, SqliteDatabase.nanos(now));
            boolean overlay = db.inTransaction() && held.size() > 0;
            p.setInt(4, overlay ? limit + held.size() : limit);
            List<Profile> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(ProfileEncoding.decode(rs.getBytes(1)));
              }
            }
            return overlay ? held.overlayDue(shard, now, limit, out) : out;
          }
        });
  }

  private void store(Connection c, Profile next) throws SQLException {
    Key key = new Key(next.appId(), next.userId());
    prefetched.remove(key);
    if (db.inTransaction()) {
      held.put(key, next);
    } else {
      write(c, next, ProfileEncoding.encode(next));
    }
  }

  private void write(Connection c, Profile next, byte[] doc) throws SQLException {
    PreparedStatement p = db.prepared(c, UPSERT);
    p.setString(1, next.appId());
    p.setString(2, next.userId());
    p.setBytes(3, doc);
    setInstant(p, 4, next.updatedAt());
    p.setInt(5, ProfileStore.sweepShard(next.appId(), next.userId()));
    setInstant(p, 6, next.schedule().nextDueAt());
    p.setString(7, next.mergedInto());
    p.executeUpdate();
  }

  private static void setInstant(PreparedStatement p, int index, Instant at) throws SQLException {
    if (at == null) {
      p.setNull(index, Types.INTEGER);
    } else {
      p.setLong(index, SqliteDatabase.nanos(at));
    }
  }

  private Optional<Profile> load(Connection c, String appId, String userId) throws SQLException {
    if (db.inTransaction()) {
      Profile pending = held.get(new Key(appId, userId));
      if (pending != null) {
        return Optional.of(pending);
      }
    }
    byte[] doc = loadDoc(c, appId, userId);
    return doc == null ? Optional.empty() : Optional.of(decoded(appId, userId, doc));
  }

  /** The profile {@code doc} decodes to: the one decoded ahead from the same bytes, if any. */
  private Profile decoded(String appId, String userId, byte[] doc) {
    Decoded ahead = prefetched.get(new Key(appId, userId));
    if (ahead != null && Arrays.equals(ahead.doc(), doc)) {
      return ahead.profile();
    }
    return ProfileEncoding.decode(doc);
  }

  private byte[] loadDoc(Connection c, String appId, String userId) throws SQLException {
    PreparedStatement p = db.prepared(c, SELECT_DOC);
    p.setString(1, appId);
    p.setString(2, userId);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    }
  }

  private record Key(String appId, String userId) {}

  /**
   * The profiles updated in the current transaction, not yet written, with a journal of what each
   * put replaced so that an undone savepoint can restore the profiles held before it.
   */
  private final class HeldProfiles implements SqliteDatabase.HeldBack {
    private final Map<Key, Profile> profiles = new LinkedHashMap<>();
    private final List<Replaced> journal = new ArrayList<>();

    private record Replaced(Key key, Profile previous) {}

    Profile get(Key key) {
      return profiles.get(key);
    }

    int size() {
      return profiles.size();
    }

    void put(Key key, Profile profile) {
      journal.add(new Replaced(key, profiles.put(key, profile)));
    }

    @Override
    public int mark() {
      return journal.size();
    }

    @Override
    public void undoTo(int mark) {
      for (int i = journal.size() - 1; i >= mark; i--) {
        Replaced r = journal.remove(i);
        if (r.previous() == null) {
          profiles.remove(r.key());
        } else {
          profiles.put(r.key(), r.previous());
        }
      }
    }

    @Override
    public void writeHeld(Connection writer) throws SQLException {
      List<Profile> next = new ArrayList<>(profiles.values());
      List<byte[]> docs = next.parallelStream().map(ProfileEncoding::encode).toList();
      for (int i = 0; i < next.size(); i++) {
        write(writer, next.get(i), docs.get(i));
      }
      profiles.clear();
      journal.clear();
    }

    /** {@code merged} (committed rows) as the held profiles change it, sorted again. */
    void overlayMergedInto(String appId, String userId, List<String> merged) {
      profiles.forEach(
          (key, profile) -> {
            if (key.appId().equals(appId)) {
              merged.remove(key.userId());
              if (userId.equals(profile.mergedInto())) {
                merged.add(key.userId());
              }
            }
          });
      merged.sort(null);
    }

    /** {@code found} (committed rows, {@code limit} + held many) as the held profiles change it. */
    List<Profile> overlayDue(int shard, Instant now, int limit, List<Profile> found) {
      List<Profile> due = new ArrayList<>();
      for (Profile p : found) {
        if (!profiles.containsKey(new Key(p.appId(), p.userId()))) {
          due.add(p);
        }
      }
      for (Profile p : profiles.values()) {
        Instant next = p.schedule().nextDueAt();
        if (next != null
            && !next.isAfter(now)
            && (shard == -1 || ProfileStore.sweepShard(p.appId(), p.userId()) == shard)) {
          due.add(p);
        }
      }
      due.sort(Comparator.comparing(p -> p.schedule().nextDueAt()));
      return due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due;
    }
  }

  /** A committed document and the profile decoded from exactly those bytes. */
  private record Decoded(byte[] doc, Profile profile) {}

  /**
   * Moves the tasks of a database written before checks were carried on the profiles (the table
   * {@code scheduled_tasks}) onto their profiles (a task of a user with no profile has nothing to
   * check), and drops the table; nothing once it is gone.
   */
  private int foldScheduledTasks(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet exists =
            s.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scheduled_tasks'")) {
      if (!exists.next()) {
        return 0;
      }
    }
    List<ScheduledTask> tasks = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT doc FROM scheduled_tasks")) {
      while (rs.next()) {
        tasks.add(Json.decode(rs.getString(1).getBytes(UTF_8), ScheduledTask.class));
      }
    }
    for (ScheduledTask task : tasks) {
      Optional<Profile> found = load(c, task.appId(), task.userId());
      if (found.isPresent()) {
        store(c, found.get().withSchedule(found.get().schedule().with(task)));
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE scheduled_tasks");
    }
    return tasks.size();
  }
}

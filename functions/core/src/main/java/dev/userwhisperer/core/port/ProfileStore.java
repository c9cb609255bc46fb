package dev.userwhisperer.core.port;

import dev.userwhisperer.core.profile.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One profile document per user of an app. A store also keeps, beside each profile, the earliest
 * due time of its {@linkplain Profile#schedule() scheduled checks} and the profile's {@linkplain
 * #sweepShard sweep shard}, indexed together for {@link #due}.
 */
public interface ProfileStore {
  /**
   * How many shards the sweep's due query is split into. The index on the due time takes a write
   * with nearly every profile write, and its values cluster ("a week after the last activity", "the
   * user's next midnight"), so an index on the due time alone would take them all in one key range;
   * prefixed with the shard they spread over this many. Changing it needs every profile rewritten.
   */
  int SWEEP_SHARDS = 256;

  /**
   * For {@link #due}: every shard in one query, where the due time needs no sharded index (the
   * embedded SQLite store, an emulator); Firestore in production has only the sharded one.
   */
  int ANY_SHARD = -1;

  /** The shard of a user's profile: stable for its ids, whatever the JVM. */
  static int sweepShard(String appId, String userId) {
    return Math.floorMod((appId + '\u0000' + userId).hashCode(), SWEEP_SHARDS);
  }

  Optional<Profile> find(String appId, String userId);

  /**
   * Reads the profile (or {@link Profile#empty} when there is none), applies {@code change} and
   * writes the result, all in one transaction; {@code change} may run more than once on contention,
   * so it must be a pure function.
   *
   * @return the profile as written
   */
  Profile update(String appId, String userId, UnaryOperator<Profile> change);

  /**
   * The profiles an {@code alias} merged into the user ({@link Profile#mergedInto} is {@code
   * userId}): the anonymous keys whose decisions, messages and consent are the user's history too.
   * Sorted; empty when none.
   */
  List<String> mergedInto(String appId, String userId);

  /**
   * Profiles of sweep shard {@code shard} (or of every shard: {@link #ANY_SHARD}) with a scheduled
   * check due at or before {@code now}, by earliest due time, at most {@code limit}.
   */
  List<Profile> due(int shard, Instant now, int limit);
}

package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A store that holds data about users and can erase one user's (GDPR article 17). Each backend has
 * one or more; {@code UserErasure} calls them all and reports what each removed.
 */
public interface PersonalDataStore {
  /**
   * Removes everything held about the user in scope; erasing again removes nothing more.
   *
   * @return what was removed, per store or table (entries with 0 are kept, so a receipt names every
   *     place that was looked at)
   */
  List<Erased> erase(ErasureScope scope);

  /**
   * Who to erase and the ids their records are found by where a store is not keyed by user.
   *
   * @param erasureId the erasure's id, as in its receipt (a warehouse that cannot delete at once
   *     keeps a tombstone under it)
   * @param erasedAt when the erasure was asked for
   * @param outboundIds the user's messages (delivery ledger, sent messages)
   * @param eventMessageIds the messageIds of the user's events (ingest dedup claims)
   */
  record ErasureScope(
      String erasureId,
      Instant erasedAt,
      String appId,
      String userId,
      Set<String> outboundIds,
      Set<String> eventMessageIds) {
    public ErasureScope {
      Objects.requireNonNull(erasureId, "erasureId");
      Objects.requireNonNull(erasedAt, "erasedAt");
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(userId, "userId");
      outboundIds = Set.copyOf(outboundIds);
      eventMessageIds = Set.copyOf(eventMessageIds);
    }
  }

  /**
   * @param store where, e.g. {@code sqlite.profiles}, {@code firestore.decisions}, {@code
   *     duckdb.events}
   * @param count rows or documents removed
   */
  record Erased(String store, long count) {
    public Erased {
      Objects.requireNonNull(store, "store");
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative");
      }
    }
  }
}

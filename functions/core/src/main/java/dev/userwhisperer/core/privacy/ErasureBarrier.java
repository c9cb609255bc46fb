package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ErasureTombstones;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps an erasure from being undone by the user's own queued events: an event that ingest accepted
 * at or before the user's erasure ({@link Event#receivedAt}, on the platform's clock) is dropped
 * before anything reads it (the consent trail, analyze, the warehouse); one accepted after it is
 * kept and starts a fresh profile, as a returning user's does. Ingest queues a request's events
 * under the app (the bus's ordering key), so an erasure cannot take the user's events out of the
 * queue; it leaves a tombstone ({@link ErasureTombstones}) that this honours instead.
 */
public final class ErasureBarrier {
  private final ErasureTombstones tombstones;

  public ErasureBarrier(ErasureTombstones tombstones) {
    this.tombstones = Objects.requireNonNull(tombstones, "tombstones");
  }

  /** The batch without the events accepted before the user's erasure; empty when none is left. */
  public Optional<UserEventBatch> apply(UserEventBatch batch) {
    Optional<Instant> erasedAt = tombstones.erasedAt(batch.appId(), batch.userId());
    if (erasedAt.isEmpty()) {
      return Optional.of(batch);
    }
    List<Event> after =
        batch.events().stream()
            .filter(e -> e.receivedAt() != null && e.receivedAt().isAfter(erasedAt.get()))
            .toList();
    if (after.size() == batch.events().size()) {
      return Optional.of(batch);
    }
    if (after.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new UserEventBatch(batch.version(), batch.batchId(), batch.appId(), batch.userId(), after));
  }
}

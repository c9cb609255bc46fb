package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * When each erased user was erased, so that the user's events that ingest accepted before the
 * erasure, and that were still queued for analyze when it ran, are not applied after it. A backend
 * keeps a tombstone under a pseudonym of app and user (never the user id itself) and records it
 * when the erasure reaches it as a {@link PersonalDataStore}.
 */
@FunctionalInterface
public interface ErasureTombstones {
  /** A backend that keeps none: queued events of an erased user are applied when they arrive. */
  ErasureTombstones NONE = (appId, userId) -> Optional.empty();

  /** When the user was last erased; empty when never. */
  Optional<Instant> erasedAt(String appId, String userId);
}

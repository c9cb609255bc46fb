package dev.userwhisperer.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The messageIds ingest has accepted per app, so that a replayed event is answered "duplicate",
 * also when the replay arrives while the first request is still in flight.
 *
 * <p>An id goes through two states. {@link #claim} takes it atomically (of two concurrent claims of
 * one id, exactly one wins) as <em>pending</em>: its request is publishing it. {@link #confirm}
 * makes it <em>accepted</em> once the publish returned; {@link #release} gives it back when the
 * publish failed, so that the client's retry is accepted. A pending claim older than {@link
 * #CLAIM_LEASE} belongs to a request that died between claiming and confirming: it may be claimed
 * again (publishing twice is harmless, analyze drops a messageId it has applied). An accepted id is
 * remembered for at least {@link #RETENTION}; clients retry within minutes, and keeping every id
 * forever would grow without bound.
 */
public interface IngestDedup {
  Duration RETENTION = Duration.ofDays(7);

  /**
   * Remembers nothing: every id is claimed, so a replayed event is answered {@code accepted} and
   * published again. For a runtime where what comes after ingest drops replays anyway (analyze's
   * applied ids per profile, the warehouse's keys), so that a per-event claim would buy nothing but
   * its cost (docs/cost.md).
   */
  IngestDedup NONE =
      new IngestDedup() {
        @Override
        public Claim claim(String appId, Collection<String> messageIds, Instant at) {
          return new Claim(Set.copyOf(messageIds), Set.of());
        }

        @Override
        public void confirm(String appId, Collection<String> messageIds, Instant claimedAt) {}

        @Override
        public void release(String appId, Collection<String> messageIds, Instant claimedAt) {}
      };

  /** How long a pending claim blocks its id for others before it counts as abandoned. */
  Duration CLAIM_LEASE = Duration.ofSeconds(30);

  /**
   * Claims, atomically per id, the ids neither accepted within {@link #RETENTION} nor pending
   * within {@link #CLAIM_LEASE} before {@code at}.
   */
  Claim claim(String appId, Collection<String> messageIds, Instant at);

  /** The ids claimed at {@code claimedAt} are now accepted (their events are published). */
  void confirm(String appId, Collection<String> messageIds, Instant claimedAt);

  /** Gives back the ids claimed at {@code claimedAt} that are still pending. */
  void release(String appId, Collection<String> messageIds, Instant claimedAt);

  /**
   * @param claimed the ids this call took; its caller must confirm or release them
   * @param inFlight the ids another request holds pending; the rest were accepted before
   */
  record Claim(Set<String> claimed, Set<String> inFlight) {
    public Claim {
      claimed = Set.copyOf(Objects.requireNonNull(claimed, "claimed"));
      inFlight = Set.copyOf(Objects.requireNonNull(inFlight, "inFlight"));
    }
  }
}

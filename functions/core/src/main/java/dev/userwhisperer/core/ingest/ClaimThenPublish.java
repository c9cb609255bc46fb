package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.EventIntake;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.TransientFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link EventIntake} over a dedup store and a bus that share no transaction (Firestore and
 * Pub/Sub): an atomic claim per app and messageId ({@link IngestDedup}), then one {@link
 * UserEventBatch} per user published, then the claims confirmed.
 *
 * <p>Of two requests carrying one messageId at the same moment, one claims it and the other waits
 * (up to {@link #IN_FLIGHT_WAIT}) for it to be confirmed (then it is a duplicate) or given back
 * (then this request takes it); otherwise it fails with {@link TransientFailure} and the client
 * retries. Claims are confirmed only after the bus took the events, and released when publishing
 * failed, so "duplicate" is never said of an event the platform does not hold. If the process dies
 * between publishing and confirming, the claim's lease runs out and the retry publishes again;
 * analyze keeps the messageIds it has applied per profile and drops them, so nothing is counted
 * twice.
 */
public final class ClaimThenPublish implements EventIntake {
  /** How long a request waits for ids that another request is publishing. */
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(5);

  private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(20);

  private final IngestDedup dedup;
  private final EventBus bus;

  public ClaimThenPublish(IngestDedup dedup, EventBus bus) {
    this.dedup = Objects.requireNonNull(dedup, "dedup");
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  @Override
  public Set<String> accept(String appId, Instant receivedAt, List<Candidate> events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.messageId()));
    Set<String> claimed = claim(appId, ids, receivedAt);
    try {
      Map<String, List<Event>> byUser = new LinkedHashMap<>();
      Set<String> taken = new HashSet<>();
      for (Candidate c : events) {
        if (claimed.contains(c.messageId()) && taken.add(c.messageId())) {
          byUser
              .computeIfAbsent(c.userKey(), k -> new ArrayList<>())
              .add(Json.decode(c.json(), Event.class));
        }
      }
      if (!byUser.isEmpty()) {
        List<UserEventBatch> batches = new ArrayList<>(byUser.size());
        byUser.forEach(
            (userKey, userEvents) ->
                batches.add(
                    new UserEventBatch(
                        UserEventBatch.VERSION,
                        Ids.batch(
                            appId, userKey, userEvents.stream().map(Event::messageId).toList()),
                        appId,
                        userKey,
                        userEvents)));
        bus.publish(batches);
      }
    } catch (RuntimeException e) {
      dedup.release(appId, claimed, receivedAt);
      throw e;
    }
    dedup.confirm(appId, claimed, receivedAt);
    return claimed;
  }

  /**
   * Claims the ids, waiting for those another request is publishing.
   *
   * @return the ids this request holds and must publish
   * @throws TransientFailure when some stayed in flight elsewhere (nothing is held then)
   */
  private Set<String> claim(String appId, Set<String> ids, Instant at) {
    IngestDedup.Claim claim = dedup.claim(appId, ids, at);
    Set<String> claimed = new HashSet<>(claim.claimed());
    Set<String> inFlight = claim.inFlight();
    for (long waited = 0;
        !inFlight.isEmpty() && waited < IN_FLIGHT_WAIT.toMillis();
        waited += IN_FLIGHT_POLL.toMillis()) {
      pause();
      IngestDedup.Claim again = dedup.claim(appId, inFlight, at);
      claimed.addAll(again.claimed());
      inFlight = again.inFlight();
    }
    if (!inFlight.isEmpty()) {
      dedup.release(appId, claimed, at);
      throw new TransientFailure(
          inFlight.size() + " messageIds are still being published by another request");
    }
    return claimed;
  }

  private static void pause() {
    try {
      Thread.sleep(IN_FLIGHT_POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while waiting for a concurrent request", e);
    }
  }
}

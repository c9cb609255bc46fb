package dev.userwhisperer.local;

import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.local.bus.BusMessage;
import dev.userwhisperer.local.store.ProfilePrefetch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@code events} messages decoded into their user batches ahead of delivery, with the profiles
 * of their users read and decoded ({@link ProfilePrefetch}), on the bus's prepare thread while
 * analyze handles the message before in the writer's transaction. A delivery takes the decoded
 * batches of its message when they are there (waiting for them when the decoding is under way), and
 * decodes the message itself otherwise.
 */
final class EventsDecodedAhead {
  /** Messages decoded but never delivered (released by their batch, failed) are dropped beyond. */
  static final int MAX_WAITING = 256;

  private final ProfilePrefetch profiles;
  private final Map<String, Ahead> decoded = new ConcurrentHashMap<>();

  EventsDecodedAhead(ProfilePrefetch profiles) {
    this.profiles = profiles;
  }

  /** Decodes {@code message}, then prefetches its users' profiles; once per message. */
  void prepare(BusMessage message) {
    if (decoded.size() >= MAX_WAITING) {
      decoded.clear();
    }
    Ahead ahead = new Ahead(message.data(), new CompletableFuture<>());
    if (decoded.putIfAbsent(message.id(), ahead) != null) {
      return;
    }
    List<UserEventBatch> batches;
    try {
      batches = PipelineWiring.EventsMessage.batches(message);
    } catch (RuntimeException e) {
      decoded.remove(message.id(), ahead);
      ahead.batches().completeExceptionally(e);
      throw e;
    }
    ahead.batches().complete(batches);
    batches.stream()
        .collect(
            Collectors.groupingBy(
                UserEventBatch::appId,
                LinkedHashMap::new,
                Collectors.mapping(
                    UserEventBatch::userId, Collectors.toCollection(LinkedHashSet::new))))
        .forEach(profiles::prefetch);
  }

  /** The user batches of {@code message}: decoded ahead when they were, here otherwise. */
  List<UserEventBatch> batches(BusMessage message) {
    Ahead ahead = decoded.remove(message.id());
    if (ahead != null && Arrays.equals(ahead.data(), message.data())) {
      try {
        return ahead.batches().join();
      } catch (CompletionException e) {
        // decoded again below, which reports the failure as the delivery's own
      }
    }
    return PipelineWiring.EventsMessage.batches(message);
  }

  private record Ahead(byte[] data, CompletableFuture<List<UserEventBatch>> batches) {}
}

package dev.userwhisperer.gcp;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.gcp.PubSubCloudEvents.PubSubDelivery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user batches received from {@code events} and not yet analyzed, held per app and user until
 * the window closes ({@link #drain}), so that a user's batches from several ingest requests become
 * one {@link UserEventBatch}: one profile transaction instead of one per request (docs/cost.md).
 *
 * <p>A user's group is handed out early once it holds {@code maxEventsPerUser} events: a merged
 * batch stays well within the profile's memory of applied ids ({@code Profile.RECENT_MESSAGE_IDS}),
 * which is what makes its redelivery harmless.
 *
 * @param <H> how a held message is acknowledged
 */
final class UserBatchWindow<H> {
  private final int maxEventsPerUser;
  private final Map<List<String>, List<Entry<H>>> held = new LinkedHashMap<>();
  private int messages;

  /**
   * @throws IllegalArgumentException when {@code maxEventsPerUser} is not positive
   */
  UserBatchWindow(int maxEventsPerUser) {
    if (maxEventsPerUser < 1) {
      throw new IllegalArgumentException("maxEventsPerUser must be positive: " + maxEventsPerUser);
    }
    this.maxEventsPerUser = maxEventsPerUser;
  }

  /** One received message: its batch, the delivery it came in and how to acknowledge it. */
  record Entry<H>(UserEventBatch batch, PubSubDelivery delivery, H handle) {
    Entry {
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(delivery, "delivery");
      Objects.requireNonNull(handle, "handle");
    }
  }

  /** The held messages of one user, in the order they arrived. */
  record Group<H>(String appId, String userId, List<Entry<H>> entries) {
    Group {
      entries = List.copyOf(entries);
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("a group holds at least one message");
      }
    }

    int events() {
      return entries.stream().mapToInt(e -> e.batch().events().size()).sum();
    }

    /**
     * The user's events as one batch: the messages' events in publication order (arrival order
     * among equal or unknown times), each message's events in their own order. One message keeps
     * its batch; several make a batch whose id derives from all their events' messageIds.
     */
    UserEventBatch merged() {
      if (entries.size() == 1) {
        return entries.get(0).batch();
      }
      List<Entry<H>> ordered = new ArrayList<>(entries);
      ordered.sort(
          Comparator.comparing(
              e -> e.delivery().publishTime(), Comparator.nullsLast(Comparator.naturalOrder())));
      List<Event> events = new ArrayList<>();
      ordered.forEach(e -> events.addAll(e.batch().events()));
      return new UserEventBatch(
          UserEventBatch.VERSION,
          Ids.batch(appId, userId, events.stream().map(Event::messageId).toList()),
          appId,
          userId,
          events);
    }
  }

  /**
   * Holds {@code entry} with its user's other messages.
   *
   * @return the groups to analyze now rather than at the window's end: the user's group when adding
   *     the entry would take it past {@code maxEventsPerUser} events, and the new group when the
   *     entry alone reaches it; empty otherwise
   */
  synchronized List<Group<H>> add(Entry<H> entry) {
    UserEventBatch batch = entry.batch();
    List<String> key = List.of(batch.appId(), batch.userId());
    List<Group<H>> ready = new ArrayList<>();
    List<Entry<H>> group = held.get(key);
    if (group != null && events(group) + batch.events().size() > maxEventsPerUser) {
      ready.add(take(key));
    }
    held.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
    messages++;
    if (events(held.get(key)) >= maxEventsPerUser) {
      ready.add(take(key));
    }
    return ready;
  }

  /** Every held group, in the order their users first arrived; the window is empty after. */
  synchronized List<Group<H>> drain() {
    List<Group<H>> groups = new ArrayList<>();
    held.forEach((key, entries) -> groups.add(new Group<>(key.get(0), key.get(1), entries)));
    held.clear();
    messages = 0;
    return groups;
  }

  /** The messages held. */
  synchronized int messages() {
    return messages;
  }

  private Group<H> take(List<String> key) {
    List<Entry<H>> entries = held.remove(key);
    messages -= entries.size();
    return new Group<>(key.get(0), key.get(1), entries);
  }

  private static int events(List<? extends Entry<?>> entries) {
    return entries.stream().mapToInt(e -> e.batch().events().size()).sum();
  }
}

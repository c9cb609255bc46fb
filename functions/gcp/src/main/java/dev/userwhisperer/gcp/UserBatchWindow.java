package dev.userwhisperer.gcp;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.gcp.PubSubCloudEvents.PubSubDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The user batches received from {@code events} and not yet analyzed, held per app and user until
 * the user's window closes ({@link #due}, or all at once: {@link #drain}), so that a user's batches
 * from several ingest requests become one {@link UserEventBatch}: one profile transaction instead
 * of one per request (docs/cost.md).
 *
 * <p>A user's window is a session: it stays open while the user keeps sending, and closes once the
 * user has sent nothing for the quiet time, or when its first batch has been held for the longest
 * hold. A fixed window cuts a visit into pieces of the window's length; a session window merges the
 * visit's events into one write whatever its length, up to the longest hold.
 *
 * <p>A user's group is handed out early once it holds {@code maxEventsPerUser} events: a merged
 * batch stays well within the profile's memory of applied ids ({@code Profile.RECENT_MESSAGE_IDS}),
 * which is what makes its redelivery harmless.
 *
 * @param <H> how a held message is acknowledged
 */
final class UserBatchWindow<H> {
  private final int maxEventsPerUser;
  private final LongSupplier nanoTicker;
  private final Map<List<String>, Held<H>> held = new LinkedHashMap<>();
  private int messages;

  /**
   * @throws IllegalArgumentException when {@code maxEventsPerUser} is not positive
   */
  UserBatchWindow(int maxEventsPerUser) {
    this(maxEventsPerUser, System::nanoTime);
  }

  /**
   * @param nanoTicker the time in nanoseconds, from any origin, by which windows close
   * @throws IllegalArgumentException when {@code maxEventsPerUser} is not positive
   */
  UserBatchWindow(int maxEventsPerUser, LongSupplier nanoTicker) {
    if (maxEventsPerUser < 1) {
      throw new IllegalArgumentException("maxEventsPerUser must be positive: " + maxEventsPerUser);
    }
    this.maxEventsPerUser = maxEventsPerUser;
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
  }

  /** One user's held messages, and when the first and the last of them arrived. */
  private static final class Held<H> {
    final List<Entry<H>> entries = new ArrayList<>();
    final long firstNanos;
    long lastNanos;

    Held(long now) {
      firstNanos = now;
      lastNanos = now;
    }

    int events() {
      return entries.stream().mapToInt(e -> e.batch().events().size()).sum();
    }
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
    long now = nanoTicker.getAsLong();
    List<Group<H>> ready = new ArrayList<>();
    Held<H> group = held.get(key);
    if (group != null && group.events() + batch.events().size() > maxEventsPerUser) {
      ready.add(take(key));
    }
    Held<H> target = held.computeIfAbsent(key, k -> new Held<>(now));
    target.entries.add(entry);
    target.lastNanos = now;
    messages++;
    if (target.events() >= maxEventsPerUser) {
      ready.add(take(key));
    }
    return ready;
  }

  /**
   * The groups whose window has closed, taken out of the window: those whose user has sent nothing
   * for {@code quiet}, and those whose first message has been held for {@code longestHold}.
   */
  synchronized List<Group<H>> due(Duration quiet, Duration longestHold) {
    long now = nanoTicker.getAsLong();
    List<List<String>> closed = new ArrayList<>();
    held.forEach(
        (key, group) -> {
          if (now - group.lastNanos >= quiet.toNanos()
              || now - group.firstNanos >= longestHold.toNanos()) {
            closed.add(key);
          }
        });
    return closed.stream().map(this::take).toList();
  }

  /**
   * The groups held longest, in the order their first batches arrived, taken out until at most
   * {@code keep} messages are held: when memory runs short, the windows nearest their end close
   * first and the users who just arrived keep merging.
   */
  synchronized List<Group<H>> closeOldest(long keep) {
    List<List<String>> oldest = new ArrayList<>();
    long left = messages;
    for (Map.Entry<List<String>, Held<H>> group : held.entrySet()) {
      if (left <= keep) {
        break;
      }
      oldest.add(group.getKey());
      left -= group.getValue().entries.size();
    }
    return oldest.stream().map(this::take).toList();
  }

  /** Every held group, in the order their users first arrived; the window is empty after. */
  synchronized List<Group<H>> drain() {
    List<Group<H>> groups = new ArrayList<>();
    held.forEach((key, group) -> groups.add(new Group<>(key.get(0), key.get(1), group.entries)));
    held.clear();
    messages = 0;
    return groups;
  }

  /** The messages held. */
  synchronized int messages() {
    return messages;
  }

  private Group<H> take(List<String> key) {
    List<Entry<H>> entries = held.remove(key).entries;
    messages -= entries.size();
    return new Group<>(key.get(0), key.get(1), entries);
  }
}

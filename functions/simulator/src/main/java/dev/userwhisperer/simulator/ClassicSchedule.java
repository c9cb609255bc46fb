package dev.userwhisperer.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * What a classic e-mail tool knows and does: it sees the same events the platform would, keeps a
 * list of subscribers (signed up, not cancelled, not unsubscribed) and sends e-mails at times its
 * rules fix. Subclasses are the rules, and may pick another channel per subscriber.
 */
abstract class ClassicSchedule implements Messenger {
  /** What the tool knows about a subscriber, from the events alone. */
  static final class Subscriber {
    final String userId;
    Instant signupAt;
    Instant trialEndsAt;
    boolean trialing;
    Instant lastActiveAt;
    boolean cancelled;
    final Set<Channel> unsubscribed = EnumSet.noneOf(Channel.class);

    Subscriber(String userId) {
      this.userId = userId;
    }
  }

  private record Scheduled(Instant at, long order, String userId, String intervention) {}

  final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>(Comparator.comparing(Scheduled::at).thenComparing(Scheduled::order));
  private long sent;
  private long order;

  @Override
  public final List<Message> step(Instant from, Instant to, List<SimEvent> events) {
    List<SimEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(SimEvent::timestamp));
    for (SimEvent e : sorted) {
      Subscriber s = subscribers.computeIfAbsent(e.userId(), Subscriber::new);
      switch (e.type()) {
        case "user_signup" -> {
          s.signupAt = e.timestamp();
          onSignup(s);
        }
        case "trial_started" -> {
          s.trialing = true;
          s.trialEndsAt = Instant.parse((String) e.properties().get("trialEndsAt"));
          onTrial(s);
        }
        case "subscription_started" -> s.trialing = false;
        case "subscription_cancelled" -> s.cancelled = true;
        case "session_started" -> s.lastActiveAt = e.timestamp();
        default -> {}
      }
      onEvent(s, e);
    }
    onHour(from, to);
    List<Message> out = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().at().isBefore(to)) {
      Scheduled due = queue.poll();
      Subscriber s = subscribers.get(due.userId());
      Optional<Channel> channel = s.cancelled ? Optional.empty() : channel(s);
      if (channel.isPresent() && stillWanted(s, due.intervention(), due.at())) {
        Message m =
            new Message(
                "classic-" + sent++, due.userId(), channel.get(), due.intervention(), due.at());
        out.add(m);
        onSent(s, m);
      }
    }
    return out;
  }

  /** Schedules a message; sent at {@code at} if the subscriber is still reachable then. */
  final void schedule(Instant at, Subscriber s, String intervention) {
    queue.add(new Scheduled(at, order++, s.userId, intervention));
  }

  /** Whether a message could reach the subscriber now. */
  final boolean reachable(Subscriber s) {
    return !s.cancelled && channel(s).isPresent();
  }

  /**
   * The channel a message to a subscriber who has not cancelled goes on: e-mail, if not refused.
   */
  Optional<Channel> channel(Subscriber s) {
    return s.unsubscribed.contains(Channel.EMAIL) ? Optional.empty() : Optional.of(Channel.EMAIL);
  }

  void onSignup(Subscriber s) {}

  /** Any event, after the subscriber's record took it in. */
  void onEvent(Subscriber s, SimEvent e) {}

  void onSent(Subscriber s, Message m) {}

  void onTrial(Subscriber s) {}

  void onHour(Instant from, Instant to) {}

  boolean stillWanted(Subscriber s, String intervention, Instant at) {
    return true;
  }

  @Override
  public void feedback(Message message, Feedback kind, Instant at) {
    if (kind == Feedback.UNSUBSCRIBE) {
      subscribers.get(message.userId()).unsubscribed.add(message.channel());
    }
  }
}

package dev.userwhisperer.core.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the user's responses to messages have taught decide: Beta counts per arm for the channel and
 * send-time bandits, the messages whose attribution window is still open, and the run of ignored
 * messages that drives the adaptive frequency cap.
 *
 * <p>A message enters {@link #pending} when decide sends or schedules it. It leaves as a success
 * when a response to it (an open or click of that messageId, or a conversion: last touch) falls
 * within the attribution window after its sendAt, or as a failure once the window has passed
 * without one. Each settles exactly once, because settling removes it: a redelivered open finds
 * nothing to settle. Every settlement returns the counts it added, for the app-wide statistics.
 *
 * @param arms successes and failures per arm ({@link Arms}), only arms with an outcome: sparse
 * @param pending messages awaiting their outcome, oldest first, at most {@link #MAX_PENDING}
 * @param ignoredStreak messages settled as failures since the last success
 */
public record Responsiveness(
    Map<String, ArmCounts> arms, List<PendingSend> pending, int ignoredStreak) {

  /** More outstanding messages than caps allow in a window; beyond it the oldest is dropped. */
  public static final int MAX_PENDING = 32;

  public static final Responsiveness NONE = new Responsiveness(Map.of(), List.of(), 0);

  public Responsiveness {
    arms = arms == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(arms));
    pending = pending == null ? List.of() : List.copyOf(pending);
    if (ignoredStreak < 0) {
      throw new IllegalArgumentException("ignoredStreak must not be negative: " + ignoredStreak);
    }
  }

  /** A message sent or scheduled; the same messageId again changes nothing. */
  public record PendingSend(String messageId, Channel channel, int hourOfWeek, Instant sendAt) {
    public PendingSend {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(sendAt, "sendAt");
      Arms.hour(hourOfWeek);
    }

    boolean attributes(Instant response, Duration window) {
      return !response.isBefore(sendAt) && !response.isAfter(sendAt.plus(window));
    }
  }

  /** The responsiveness after a settlement and the counts the settlement added. */
  public record Settlement(Responsiveness next, Map<String, ArmCounts> added) {
    public Settlement {
      Objects.requireNonNull(next, "next");
      added = Map.copyOf(added);
    }
  }

  public ArmCounts counts(String arm) {
    return arms.getOrDefault(arm, ArmCounts.NONE);
  }

  public Responsiveness withPending(PendingSend send) {
    if (pending.stream().anyMatch(p -> p.messageId().equals(send.messageId()))) {
      return this;
    }
    List<PendingSend> next = new ArrayList<>(pending);
    next.add(send);
    if (next.size() > MAX_PENDING) {
      next.remove(0);
    }
    return new Responsiveness(arms, next, ignoredStreak);
  }

  /** Without the pending message {@code messageId}: it was never sent, so it settles as nothing. */
  public Responsiveness withoutPending(String messageId) {
    List<PendingSend> next =
        pending.stream().filter(p -> !p.messageId().equals(messageId)).toList();
    return next.size() == pending.size() ? this : new Responsiveness(arms, next, ignoredStreak);
  }

  /** Whether a pending message's window ended before {@code now}. */
  public boolean hasExpired(Instant now, Duration window) {
    return pending.stream().anyMatch(p -> p.sendAt().plus(window).isBefore(now));
  }

  /** Settles as failures the pending messages whose window ended before {@code now}. */
  public Settlement settleExpired(Instant now, Duration window) {
    Responsiveness r = this;
    Map<String, ArmCounts> added = new HashMap<>();
    for (PendingSend p : pending) {
      if (p.sendAt().plus(window).isBefore(now)) {
        r = r.settle(p, ArmCounts.FAILURE, added);
      }
    }
    return new Settlement(r, added);
  }

  /**
   * Settles as a success the pending message {@code messageId} if {@code at} falls within its
   * window; otherwise changes nothing.
   */
  public Settlement respond(String messageId, Instant at, Duration window) {
    Map<String, ArmCounts> added = new HashMap<>();
    for (PendingSend p : pending) {
      if (p.messageId().equals(messageId) && p.attributes(at, window)) {
        return new Settlement(settle(p, ArmCounts.SUCCESS, added), added);
      }
    }
    return new Settlement(this, added);
  }

  /**
   * Settles as a success the latest pending message whose window holds {@code at} (last touch), for
   * a conversion that names no message.
   */
  public Settlement convert(Instant at, Duration window) {
    for (int i = pending.size() - 1; i >= 0; i--) {
      PendingSend p = pending.get(i);
      if (p.attributes(at, window)) {
        return respond(p.messageId(), at, window);
      }
    }
    return new Settlement(this, Map.of());
  }

  private Responsiveness settle(PendingSend p, ArmCounts outcome, Map<String, ArmCounts> added) {
    Map<String, ArmCounts> nextArms = new HashMap<>(arms);
    for (String arm : List.of(Arms.channel(p.channel()), Arms.hour(p.hourOfWeek()))) {
      nextArms.merge(arm, outcome, ArmCounts::plus);
      added.merge(arm, outcome, ArmCounts::plus);
    }
    List<PendingSend> rest = new ArrayList<>(pending);
    rest.remove(p);
    int streak = outcome.successes() > 0 ? 0 : ignoredStreak + 1;
    return new Responsiveness(nextArms, rest, streak);
  }
}

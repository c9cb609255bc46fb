package dev.userwhisperer.core.message;

import java.util.Map;
import java.util.Objects;

/**
 * How far a message got, from the statuses recorded for it (by deliver, the provider's webhooks and
 * the feedback links), in the order a recipient goes through them: handed over ({@code sending}),
 * accepted by a provider ({@code sent}, {@code dry_run}, {@code deferred}…), delivered or not
 * ({@code delivered}, {@code bounced}, {@code failed}…), {@code opened}, {@code clicked}, and an
 * opt-out ({@code unsubscribed}, {@code complained}). A message's status only moves forward, so a
 * late or redelivered status (an open after the click, a webhook sent twice) changes nothing.
 */
public final class MessageProgress {
  /** The status a provider's own statuses rank with when they are none of the known ones. */
  private static final int ACCEPTED = 1;

  private static final Map<String, Integer> RANKS =
      Map.ofEntries(
          Map.entry("sending", 0),
          Map.entry("sent", ACCEPTED),
          Map.entry("dry_run", ACCEPTED),
          Map.entry("deferred", ACCEPTED),
          Map.entry("delivered", 2),
          Map.entry("bounced", 2),
          Map.entry("blocked", 2),
          Map.entry("dropped", 2),
          Map.entry("undelivered", 2),
          Map.entry("failed", 2),
          Map.entry("opened", 3),
          Map.entry("clicked", 4),
          Map.entry("unsubscribed", 5),
          Map.entry("complained", 5));

  private MessageProgress() {}

  /**
   * The status a message is at after {@code recorded} is recorded for it at {@code current}: the
   * later of the two in the order above, {@code current} when they rank alike (the first outcome of
   * a kind stands).
   */
  public static String furthest(String current, String recorded) {
    Objects.requireNonNull(recorded, "recorded");
    if (current == null) {
      return recorded;
    }
    return rank(recorded) > rank(current) ? recorded : current;
  }

  static int rank(String status) {
    return RANKS.getOrDefault(status, ACCEPTED);
  }
}

package dev.userwhisperer.core.profile;

import dev.userwhisperer.core.message.Channel;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a user's consent audit trail: what was stated for a channel, by which source, when.
 * Entries are never changed; the user's consent is the latest statement per channel.
 *
 * @param recordId the event's messageId and the channel, so that a redelivered event records once
 * @param granted true when consent was given, false when withdrawn (or the channel suppressed)
 * @param detail what the statement was, e.g. {@code consent}, {@code unsubscribe}, {@code
 *     spam_report}, {@code hard_bounce}, or the SMS keyword
 * @param at when it was stated (the event's time)
 * @param eventId the messageId of the event that carried it
 */
public record ConsentRecord(
    String recordId,
    String appId,
    String userId,
    Channel channel,
    boolean granted,
    ConsentSource source,
    String detail,
    Instant at,
    String eventId) {

  public ConsentRecord {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** The id of the record an event's statement about a channel becomes. */
  public static String idOf(String eventId, Channel channel) {
    return eventId + "#" + channel.wireName();
  }
}

package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Appends the consent statements of a user's event batch to the {@link ConsentTrail}, before
 * analyze folds them into the profile, so that a crash in between loses no statement (record ids
 * derive from the event, so a redelivered batch appends nothing twice).
 *
 * <p>A statement is: a {@code consent} trait ({@code {"email": true, …}}) of any event; an
 * unsubscribe ({@code message_unsubscribed}), a spam report ({@code message_complained}), a hard
 * bounce ({@code message_bounced}) or a suppressed address ({@code contact_suppressed}), each
 * withdrawing its channel. Every statement is recorded, repeats included: the trail says what was
 * stated when, not only what changed. Events without one cost nothing.
 *
 * <p>The source is the event context's {@value ConsentSource#CONTEXT_KEY} only for events the
 * platform made ({@link Ids#PLATFORM_EVENT_PREFIXES}; ingest refuses them from clients), so that an
 * app's event cannot claim to be the user's own choice on the preference page; otherwise a consent
 * trait is {@code identify} and an opt-out event {@code api}.
 */
public final class ConsentRecorder {
  private final ConsentTrail trail;

  public ConsentRecorder(ConsentTrail trail) {
    this.trail = Objects.requireNonNull(trail, "trail");
  }

  public void record(UserEventBatch batch) {
    List<ConsentRecord> records = statements(batch);
    if (!records.isEmpty()) {
      trail.append(records);
    }
  }

  /** The statements of the batch's events, in batch order. */
  public static List<ConsentRecord> statements(UserEventBatch batch) {
    List<ConsentRecord> records = new ArrayList<>();
    for (Event e : batch.events()) {
      ConsentSource source = source(e);
      if (e.traits().get("consent") instanceof Map<?, ?> stated) {
        for (Channel c : Channel.values()) {
          if (stated.get(c.wireName()) instanceof Boolean given) {
            records.add(record(batch, e, c, given, source, detail(e, "consent")));
          }
        }
      }
      String withdrawn =
          switch (e.type()) {
            case EventTypes.MESSAGE_UNSUBSCRIBED -> "unsubscribe";
            case EventTypes.MESSAGE_COMPLAINED -> "spam_report";
            case EventTypes.MESSAGE_BOUNCED -> "hard_bounce";
            case EventTypes.CONTACT_SUPPRESSED -> "suppressed";
            default -> null;
          };
      String channel = e.propertyString("channel");
      if (withdrawn != null && channel != null) {
        Optional<Channel> c = channelOf(channel);
        if (c.isPresent()) {
          records.add(record(batch, e, c.get(), false, source, withdrawn));
        }
      }
    }
    return records;
  }

  private static ConsentRecord record(
      UserEventBatch batch,
      Event e,
      Channel channel,
      boolean granted,
      ConsentSource source,
      String detail) {
    return new ConsentRecord(
        ConsentRecord.idOf(e.messageId(), channel),
        batch.appId(),
        batch.userId(),
        channel,
        granted,
        source,
        detail,
        e.timestamp(),
        e.messageId());
  }

  private static ConsentSource source(Event e) {
    boolean platformMade = Ids.isPlatformEvent(e.messageId());
    Optional<ConsentSource> claimed =
        platformMade
            ? ConsentSource.fromWireName(e.contextString(ConsentSource.CONTEXT_KEY))
            : Optional.empty();
    if (claimed.isPresent()) {
      return claimed.get();
    }
    return e.traits().containsKey("consent") ? ConsentSource.IDENTIFY : ConsentSource.API;
  }

  /** An SMS keyword names itself (STOP, START…); other statements are what they are. */
  private static String detail(Event e, String otherwise) {
    String keyword = e.contextString("keyword");
    return keyword != null ? keyword : otherwise;
  }

  private static Optional<Channel> channelOf(String wireName) {
    try {
      return Optional.of(Channel.fromWireName(wireName));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }
}

package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.profile.ContactData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Honours the suppression list: an event that gives the user an address whose opt-out was kept when
 * an earlier user was erased is followed, in the batch, by a {@code contact_suppressed} event of
 * that channel, which analyze folds like an unsubscribe and the consent trail records (source
 * {@code suppression_list}). Its id derives from app, user, channel and address, so a redelivery
 * adds it once. Costs one suppression lookup per contact trait of the batch; batches without one
 * cost nothing.
 */
public final class Suppressions {
  private static final Map<String, Channel> CHANNEL_OF_TRAIT =
      Map.of(
          "email", Channel.EMAIL,
          "phone", Channel.SMS,
          "pushToken", Channel.PUSH,
          "push_token", Channel.PUSH);

  private final ConsentTrail trail;

  public Suppressions(ConsentTrail trail) {
    this.trail = Objects.requireNonNull(trail, "trail");
  }

  /**
   * The batch, with a {@code contact_suppressed} after each event that names a suppressed address.
   */
  public UserEventBatch apply(UserEventBatch batch) {
    List<Event> events = new ArrayList<>();
    boolean added = false;
    for (Event e : batch.events()) {
      events.add(e);
      for (Map.Entry<String, Channel> trait : CHANNEL_OF_TRAIT.entrySet()) {
        if (e.traits().get(trait.getKey()) instanceof String address && !address.isBlank()) {
          String pseudonym = ContactData.pseudonym(address);
          Channel channel = trait.getValue();
          if (trail.suppressed(batch.appId(), channel, pseudonym)) {
            events.add(suppressed(batch, e, channel, pseudonym));
            added = true;
          }
        }
      }
    }
    return added
        ? new UserEventBatch(
            batch.version(), batch.batchId(), batch.appId(), batch.userId(), events)
        : batch;
  }

  private static Event suppressed(
      UserEventBatch batch, Event cause, Channel channel, String pseudonym) {
    return new Event(
        Ids.SUPPRESSION_PREFIX + hash(batch.appId(), batch.userId(), channel.wireName(), pseudonym),
        EventTypes.CONTACT_SUPPRESSED,
        cause.userId(),
        cause.anonymousId(),
        cause.timestamp(),
        cause.receivedAt(),
        Map.of("channel", channel.wireName()),
        Map.of(),
        Map.of(ConsentSource.CONTEXT_KEY, ConsentSource.SUPPRESSION_LIST.wireName()));
  }

  private static String hash(String... parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha256.update(part.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

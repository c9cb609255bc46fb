package dev.userwhisperer.core.feedback;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.feedback.TrackedLinks.Answer;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The preference page linked from messages ({@code /v1/l/{token}/preferences}, the same signed
 * token as the message's other links): {@code GET} shows the channels the user can be reached on
 * and whether each is on, changing nothing; {@code POST} (the form: a field per channel that stays
 * on) states the user's consent for each of those channels as an {@code identify} of the user,
 * recorded in the consent trail with source {@code preference_page}. Turning a channel on here
 * re-subscribes it after an unsubscribe: it is the user's own choice. Addresses are never shown,
 * only channel names. A token that is not valid, or whose message is gone, is 404 {@code
 * not_found}, and the page shares the links' rate limit per client address.
 */
public final class PreferencePage {
  private final LinkTokens tokens;
  private final SentMessages sent;
  private final ProfileStore profiles;
  private final EventBus bus;
  private final EventRateLimiter limiter;
  private final Clock clock;

  public PreferencePage(
      LinkTokens tokens,
      SentMessages sent,
      ProfileStore profiles,
      EventBus bus,
      EventRateLimiter limiter,
      Clock clock) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.sent = Objects.requireNonNull(sent, "sent");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The form, with each reachable channel's current state. */
  public Answer show(String client, String token) {
    Optional<Answer> refused = refused(client);
    if (refused.isPresent()) {
      return refused.get();
    }
    Optional<Profile> profile = profileOf(token);
    if (profile.isEmpty()) {
      return notFound();
    }
    Map<Channel, Boolean> channels = channels(profile.get().reachability());
    StringBuilder form = new StringBuilder("<form method=\"post\">");
    if (channels.isEmpty()) {
      form.append("<p>We have no way to reach you.</p>");
    }
    channels.forEach(
        (channel, on) ->
            form.append("<p><label><input type=\"checkbox\" name=\"")
                .append(channel.wireName())
                .append("\" value=\"on\"")
                .append(on ? " checked" : "")
                .append("> ")
                .append(label(channel))
                .append("</label></p>"));
    form.append("<button type=\"submit\">Save</button></form>");
    return page("Your message preferences", form.toString());
  }

  /** Saves the form: a channel listed in {@code formBody} is on, every other reachable one off. */
  public Answer save(String client, String token, String formBody) {
    Optional<Answer> refused = refused(client);
    if (refused.isPresent()) {
      return refused.get();
    }
    Optional<OutboundMessage> message = tokens.outboundId(token).flatMap(sent::find);
    Optional<Profile> profile = message.flatMap(m -> profiles.find(m.appId(), m.userId()));
    if (profile.isEmpty()) {
      return notFound();
    }
    Map<String, String> form = FormEncoding.parse(Objects.requireNonNullElse(formBody, ""));
    Map<String, Object> consent = new LinkedHashMap<>();
    channels(profile.get().reachability())
        .keySet()
        .forEach(c -> consent.put(c.wireName(), form.containsKey(c.wireName())));
    if (!consent.isEmpty()) {
      publish(message.get(), consent);
    }
    return page("Preferences saved", "<p>Your choices are saved.</p>");
  }

  private void publish(OutboundMessage m, Map<String, Object> consent) {
    Instant now = clock.instant();
    String eventId = Ids.preferenceEvent(m.outboundId(), now);
    Event identify =
        new Event(
            eventId,
            EventTypes.IDENTIFY,
            m.userId(),
            null,
            now,
            now,
            Map.of(),
            Map.of("consent", consent),
            Map.of(ConsentSource.CONTEXT_KEY, ConsentSource.PREFERENCE_PAGE.wireName()));
    bus.publish(
        List.of(
            new UserEventBatch(
                UserEventBatch.VERSION, eventId, m.appId(), m.userId(), List.of(identify))));
  }

  /** The channels with an address, and whether each may be used now. */
  private static Map<Channel, Boolean> channels(Reachability r) {
    Map<Channel, Boolean> channels = new LinkedHashMap<>();
    for (Channel c : Channel.values()) {
      if (r.address(c) != null && !r.address(c).isBlank()) {
        Boolean stated = r.consent().get(c);
        boolean consents = c == Channel.SMS ? Boolean.TRUE.equals(stated) : stated != Boolean.FALSE;
        channels.put(c, consents && !r.unsubscribed().contains(c));
      }
    }
    return channels;
  }

  private Optional<Profile> profileOf(String token) {
    return tokens
        .outboundId(token)
        .flatMap(sent::find)
        .flatMap(m -> profiles.find(m.appId(), m.userId()));
  }

  private static String label(Channel c) {
    return switch (c) {
      case EMAIL -> "E-mail";
      case SMS -> "Text messages (SMS)";
      case PUSH -> "Push notifications";
    };
  }

  private Optional<Answer> refused(String client) {
    long wait = limiter.tryAcquire("link:" + Objects.requireNonNullElse(client, "?"), 1);
    return wait <= 0 ? Optional.empty() : Optional.of(TrackedLinks.tooMany(wait));
  }

  private static Answer notFound() {
    return TrackedLinks.error(404, Map.of(), ApiError.of("not_found", "this link is not valid"));
  }

  private static Answer page(String title, String html) {
    return TrackedLinks.page(200, title, html);
  }
}

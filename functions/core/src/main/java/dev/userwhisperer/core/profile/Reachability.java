package dev.userwhisperer.core.profile;

import dev.userwhisperer.core.message.Channel;
import java.util.Map;
import java.util.Set;

/**
 * How the user can be reached.
 *
 * @param consent explicit consent per channel as last stated by the app ({@code identify} trait
 *     {@code consent.email}, …); a channel absent here has no explicit statement
 * @param unsubscribed channels the user unsubscribed from through a message; only a new explicit
 *     consent from the app re-subscribes them
 */
public record Reachability(
    String email,
    String phone,
    String pushToken,
    Map<Channel, Boolean> consent,
    Set<Channel> unsubscribed) {

  public static final Reachability NONE = new Reachability(null, null, null, Map.of(), Set.of());

  public Reachability {
    consent = consent == null ? Map.of() : Map.copyOf(consent);
    unsubscribed = unsubscribed == null ? Set.of() : Set.copyOf(unsubscribed);
  }

  /** Without the push token {@code token}; unchanged when the user has another one by now. */
  public Reachability withoutPushToken(String token) {
    return token.equals(pushToken)
        ? new Reachability(email, phone, null, consent, unsubscribed)
        : this;
  }

  public String address(Channel channel) {
    return switch (channel) {
      case EMAIL -> email;
      case SMS -> phone;
      case PUSH -> pushToken;
    };
  }
}

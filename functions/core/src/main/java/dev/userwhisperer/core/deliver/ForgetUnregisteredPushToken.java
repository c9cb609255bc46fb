package dev.userwhisperer.core.deliver;

import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ProfileStore;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Removes from the user's profile the push token that a message went to, once the push provider
 * said it is no longer registered, so that decide stops choosing push for the user until the app
 * sends a new token ({@code identify}).
 */
public final class ForgetUnregisteredPushToken implements Consumer<OutboundMessage> {
  private final ProfileStore profiles;

  public ForgetUnregisteredPushToken(ProfileStore profiles) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
  }

  @Override
  public void accept(OutboundMessage message) {
    profiles.update(
        message.appId(),
        message.userId(),
        p -> {
          var without = p.reachability().withoutPushToken(message.to());
          return without == p.reachability() ? p : p.withReachability(without);
        });
  }
}

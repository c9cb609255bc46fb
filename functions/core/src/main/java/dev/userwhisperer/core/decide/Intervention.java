package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.profile.Channel;
import java.util.List;
import java.util.Objects;

/**
 * A kind of message the platform can send.
 *
 * @param name the catalog name, also the template key in compose
 * @param channels in order of preference
 * @param transactional about the user's account (e.g. a failed payment): exempt from frequency caps
 *     and from the global holdout
 * @param immediate answers something the user just did, while they are in the app (a welcome after
 *     the sign-up): sent at once, not at a chosen hour; quiet hours still apply
 */
public record Intervention(
    String name, List<Channel> channels, boolean transactional, boolean immediate) {
  public Intervention {
    Objects.requireNonNull(name, "name");
    if (channels == null || channels.isEmpty()) {
      throw new IllegalArgumentException("an intervention has at least one channel");
    }
    channels = List.copyOf(channels);
  }
}

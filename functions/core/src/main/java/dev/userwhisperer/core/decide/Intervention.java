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
 *     the sign-up): sent at once, neither at a chosen hour nor after quiet hours, which keep
 *     messages from reaching a user who is not expecting one, not one who has just acted
 * @param deadline about a date the user faces (the trial's end), once per date: the fatigue
 *     back-off, meant for nudges that can wait, does not apply to it (the base caps do), and other
 *     marketing leaves it room under those caps
 */
public record Intervention(
    String name,
    List<Channel> channels,
    boolean transactional,
    boolean immediate,
    boolean deadline) {
  public Intervention {
    Objects.requireNonNull(name, "name");
    if (channels == null || channels.isEmpty()) {
      throw new IllegalArgumentException("an intervention has at least one channel");
    }
    channels = List.copyOf(channels);
  }
}

package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.UpliftGoal;
import dev.userwhisperer.core.message.Channel;
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
 * @param deadline about a date the user faces (the trial's end): the fatigue back-off, meant for
 *     nudges that can wait, does not apply to its reminder or the reminder's last call (the base
 *     caps do), and other marketing leaves the reminder room under those caps
 * @param goal the outcome it is meant to change, which its uplift is learned on
 */
public record Intervention(
    String name,
    List<Channel> channels,
    boolean transactional,
    boolean immediate,
    boolean deadline,
    UpliftGoal goal) {
  public Intervention {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(goal, "goal");
    if (channels == null || channels.isEmpty()) {
      throw new IllegalArgumentException("an intervention has at least one channel");
    }
    channels = List.copyOf(channels);
  }

  /** A marketing message: capped, held out, sent at a chosen hour, aimed at retention. */
  public static Intervention marketing(String name, Channel... channels) {
    return new Intervention(name, List.of(channels), false, false, false, UpliftGoal.RETENTION);
  }

  /** A message about the user's account: sent to everyone, at once or after quiet hours. */
  public static Intervention transactional(String name, Channel... channels) {
    return new Intervention(name, List.of(channels), true, false, false, UpliftGoal.RETENTION);
  }

  /** This intervention, {@link #immediate()}. */
  public Intervention sentAtOnce() {
    return new Intervention(name, channels, transactional, true, deadline, goal);
  }

  /** This intervention, a {@link #deadline()}. */
  public Intervention atADeadline() {
    return new Intervention(name, channels, transactional, immediate, true, goal);
  }

  /** This intervention, its uplift learned on {@code goal}. */
  public Intervention aimedAt(UpliftGoal goal) {
    return new Intervention(name, channels, transactional, immediate, deadline, goal);
  }
}

package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.BetaPosterior;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.ArmCounts;

/**
 * What the channel bandit believes about an app before the app's own outcomes: public response
 * rates, worth {@value #WORTH} messages, which the app's counts then update.
 *
 * <ul>
 *   <li>e-mail 0.21: opens of marketing e-mail across industries (Mailchimp e-mail benchmarks: 21
 *       %);
 *   <li>push 0.07: push opens range 4–14 % by vertical (Airship, Business of Apps);
 *   <li>SMS 0.08: SMS opens are not tracked, clicks are the response, 6–10 % (Klaviyo, Attentive).
 * </ul>
 *
 * <p>Why not a uniform prior: with Beta(1, 1) for every channel a new app's first users are split
 * evenly between e-mail and push, although push is opened a third as often; those first users are
 * every user who signs up in the app's first days, and their welcome is the message that matters
 * most. Twenty messages of evidence are enough to order the channels as the industry finds them and
 * little enough that a few dozen of the app's own outcomes overrule it.
 */
final class ChannelBenchmarks {
  static final int WORTH = 20;

  private ChannelBenchmarks() {}

  private static double rate(Channel channel) {
    return switch (channel) {
      case EMAIL -> 0.21;
      case PUSH -> 0.07;
      case SMS -> 0.08;
    };
  }

  /** The app-wide belief about a channel: the benchmark prior updated with the app's counts. */
  static BetaPosterior appPosterior(Channel channel, ArmCounts app) {
    double rate = rate(channel);
    return new BetaPosterior(WORTH * rate, WORTH * (1 - rate))
        .update(app.successes(), app.failures());
  }
}

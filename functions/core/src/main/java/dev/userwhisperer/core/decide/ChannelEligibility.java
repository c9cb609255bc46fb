package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.profile.Reachability;
import java.util.ArrayList;
import java.util.List;

/**
 * The channels of an intervention that can reach the user: an address, consent, and no unsubscribe
 * or complaint on the channel.
 *
 * @param channels the usable channels, in the intervention's order
 * @param reason when none is usable, the most specific reason over all channels: {@code
 *     unsubscribed}, then {@code no_consent}, then {@code no_address}; null otherwise
 */
record ChannelEligibility(List<Channel> channels, DecisionReason reason) {
  ChannelEligibility {
    channels = List.copyOf(channels);
  }

  static ChannelEligibility of(Intervention intervention, Reachability reach) {
    boolean anyUnsubscribed = false;
    boolean anyWithoutConsent = false;
    List<Channel> usable = new ArrayList<>(intervention.channels().size());
    for (Channel channel : intervention.channels()) {
      DecisionReason why = whyNot(channel, reach);
      if (why == null) {
        usable.add(channel);
      } else {
        anyUnsubscribed |= why == DecisionReason.UNSUBSCRIBED;
        anyWithoutConsent |= why == DecisionReason.NO_CONSENT;
      }
    }
    DecisionReason reason =
        anyUnsubscribed
            ? DecisionReason.UNSUBSCRIBED
            : anyWithoutConsent ? DecisionReason.NO_CONSENT : DecisionReason.NO_ADDRESS;
    return new ChannelEligibility(usable, usable.isEmpty() ? reason : null);
  }

  /** Why the channel cannot reach the user ({@code no_address}, ...); null when it can. */
  static DecisionReason whyNot(Channel channel, Reachability reach) {
    String address = reach.address(channel);
    if (address == null || address.isBlank()) {
      return DecisionReason.NO_ADDRESS;
    }
    if (reach.unsubscribed().contains(channel)) {
      return DecisionReason.UNSUBSCRIBED;
    }
    return consents(reach, channel) ? null : DecisionReason.NO_CONSENT;
  }

  /** SMS needs explicit consent (TCPA); e-mail and push need only no explicit refusal. */
  private static boolean consents(Reachability reach, Channel channel) {
    Boolean stated = reach.consent().get(channel);
    return channel == Channel.SMS ? Boolean.TRUE.equals(stated) : !Boolean.FALSE.equals(stated);
  }
}

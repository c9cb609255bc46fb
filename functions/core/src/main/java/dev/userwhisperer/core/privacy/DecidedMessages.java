package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.port.UserMessages;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The messages sent to a user found through the user's decisions, for stores of sent messages that
 * are keyed by outboundId only (Firestore {@code sent_messages}): each sent or deferred decision
 * names its message, and the messages that were handed to a channel are listed, newest first.
 */
public final class DecidedMessages implements UserMessages {
  private final DecisionLog decisions;
  private final SentMessages sent;

  public DecidedMessages(DecisionLog decisions, SentMessages sent) {
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.sent = Objects.requireNonNull(sent, "sent");
  }

  @Override
  public List<OutboundMessage> sentTo(String appId, String userId, int limit) {
    return decisions.recent(appId, userId, UserErasure.ALL_DECISIONS).stream()
        .filter(
            d -> d.outcome() == Decision.Outcome.SEND || d.outcome() == Decision.Outcome.DEFERRED)
        .map(d -> sent.find(Ids.outboundOf(d)))
        .flatMap(Optional::stream)
        .filter(m -> m.appId().equals(appId))
        .limit(limit)
        .toList();
  }
}

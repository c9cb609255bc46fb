package dev.userwhisperer.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.OutboundMessages;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecidedMessagesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryDecisionLog decisions = new InMemoryDecisionLog();
  private final Map<String, OutboundMessage> sent = new HashMap<>();
  private final SentMessages sentMessages =
      new SentMessages() {
        @Override
        public Optional<OutboundMessage> find(String outboundId) {
          return Optional.ofNullable(sent.get(outboundId));
        }

        @Override
        public Optional<OutboundMessage> latestTo(Channel channel, String address) {
          return Optional.empty();
        }
      };
  private final DecidedMessages messages = new DecidedMessages(decisions, sentMessages);

  @Test
  void theMessagesOfTheUsersSentDecisionsNewestFirstAndOnlyThoseHandedToAChannel() {
    Decision first = decided("d-1", "u-1", DecisionReason.ELIGIBLE, T0);
    Decision second = decided("d-2", "u-1", DecisionReason.ELIGIBLE, T0.plusSeconds(60));
    decided("d-3", "u-1", DecisionReason.ELIGIBLE, T0.plusSeconds(120)); // not sent yet
    Decision neighbours = decided("d-4", "u-2", DecisionReason.ELIGIBLE, T0);
    for (Decision d : new Decision[] {first, second, neighbours}) {
      String outboundId = Ids.outboundOf(d);
      sent.put(
          outboundId,
          OutboundMessages.of("app", outboundId, Channel.EMAIL, "a@example.com", "Hi", "Hello"));
    }

    assertThat(messages.sentTo("app", "u-1", 10))
        .extracting(OutboundMessage::outboundId)
        .containsExactly(Ids.outboundOf(second), Ids.outboundOf(first));
    assertThat(messages.sentTo("app", "u-1", 1)).hasSize(1);
    assertThat(messages.sentTo("other-app", "u-1", 10)).isEmpty();
  }

  private Decision decided(String id, String user, DecisionReason reason, Instant at) {
    Decision d =
        Decisions.decision(id)
            .app("app")
            .user(user)
            .signal("s-" + id, "SIGNED_UP")
            .reason(reason)
            .at(at)
            .build();
    decisions.record(d);
    return d;
  }
}

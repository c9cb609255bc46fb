package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeptDecisionTest {
  private static final Instant T = Instant.parse("2026-03-02T12:00:00Z");
  private static final Profile PENDING =
      Profile.empty("a1", "u1")
          .withResponsiveness(
              Responsiveness.NONE.withPending(
                  new PendingSend(Ids.outbound(Ids.released("d1")), Channel.PUSH, 20, T)));

  @Test
  void aReleaseThatSendsNothingTakesTheDeferredMessageOffThePendingOnes() {
    KeptDecision withdrawn = notSent(Ids.released("d1"), T);

    assertThat(withdrawn.changes(PENDING.responsiveness())).isTrue();
    assertThat(withdrawn.applyTo(PENDING).next().pending()).isEmpty();
  }

  @Test
  void aReleaseThatSendsAddsNothing() {
    KeptDecision released =
        new KeptDecision(Ids.released("d1"), Outcome.SEND, T, Channel.PUSH, 20, T, "tip", "a");

    assertThat(released.changes(PENDING.responsiveness())).isFalse();
    assertThat(released.applyTo(PENDING).next()).isEqualTo(PENDING.responsiveness());
  }

  @Test
  void aDecisionSettlesTheMessagesWhoseWindowEndedAndAddsTheOneItSends() {
    Instant later = T.plus(Duration.ofDays(4));
    KeptDecision send =
        new KeptDecision("d2", Outcome.SEND, later, Channel.EMAIL, 60, later, "winback", "b");

    Settlement s = send.applyTo(PENDING);

    assertThat(s.next().pending())
        .extracting(PendingSend::outboundId)
        .containsExactly(Ids.outbound("d2"));
    assertThat(s.next().ignoredStreak()).isEqualTo(1);
    assertThat(s.added()).isNotEmpty();
    assertThat(notSent("d3", later).applyTo(PENDING).next().pending()).isEmpty();
    assertThat(notSent("d3", T).changes(PENDING.responsiveness())).isFalse();
  }

  @Test
  void aDecisionThatSendsNeedsItsChannelHourAndTime() {
    assertThatThrownBy(
            () -> new KeptDecision("d1", Outcome.DEFERRED, T, Channel.EMAIL, null, T, "tip", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("d1");
  }

  private static KeptDecision notSent(String id, Instant at) {
    return new KeptDecision(id, Outcome.NOT_ELIGIBLE, at, null, null, null, "tip", null);
  }
}

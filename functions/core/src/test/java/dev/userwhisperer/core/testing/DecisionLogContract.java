package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.decide.DeferredRelease;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.port.DecisionLog;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DecisionLog} adapter does; a subclass supplies a fresh, empty log. The
 * frequency caps rest on {@link DecisionLog#messagesSince}: a deferred decision and the release
 * that sends it are one message.
 */
public abstract class DecisionLogContract {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  protected abstract DecisionLog log();

  @Test
  void recordedDecisionIsFoundByAppAndIdAlone() {
    Decision decision = decision("d-1", "user-1", Outcome.SEND, T0);

    log().record(decision);

    assertThat(log().find("app-1", "d-1")).contains(decision);
    assertThat(log().find("app-2", "d-1")).isEmpty();
    assertThat(log().find("app-1", "d-404")).isEmpty();
  }

  @Test
  void recordingTheSameDecisionIdAgainChangesNothing() {
    Decision first = decision("d-1", "user-1", Outcome.SEND, T0);
    log().record(first);

    log().record(decision("d-1", "user-1", Outcome.NOT_ELIGIBLE, T0.plusSeconds(5)));

    assertThat(log().find("app-1", "d-1")).contains(first);
    assertThat(log().recent("app-1", "user-1", 10)).containsExactly(first);
  }

  @Test
  void recentListsOneUsersDecisionsNewestFirstUpToTheLimit() {
    Decision oldest = decision("d-1", "user-1", Outcome.SEND, T0);
    Decision middle = decision("d-2", "user-1", Outcome.HELD_OUT, T0.plusSeconds(60));
    Decision newest = decision("d-3", "user-1", Outcome.NOT_ELIGIBLE, T0.plusSeconds(120));
    log().record(middle);
    log().record(newest);
    log().record(oldest);
    log().record(decision("d-4", "user-2", Outcome.SEND, T0.plusSeconds(300)));

    assertThat(log().recent("app-1", "user-1", 2)).containsExactly(newest, middle);
  }

  @Test
  void countsOnlySendingDecisionsWhoseSendAtIsAtOrAfterSince() {
    log().record(decision("d-1", "user-1", Outcome.SEND, T0));
    log().record(decision("d-2", "user-1", Outcome.DEFERRED, T0.plus(Duration.ofHours(1))));
    log().record(decision("d-3", "user-1", Outcome.NOT_ELIGIBLE, T0.plus(Duration.ofHours(2))));
    log().record(decision("d-4", "user-1", Outcome.HELD_OUT, T0.plus(Duration.ofHours(2))));
    log().record(decision("d-5", "user-1", Outcome.SEND, T0.minus(Duration.ofDays(2))));
    log().record(decision("d-6", "user-2", Outcome.SEND, T0));

    assertThat(log().countMessagesSince("app-1", "user-1", T0)).isEqualTo(2);
    assertThat(log().countMessagesSince("app-1", "user-1", T0.plusSeconds(1))).isEqualTo(1);
    assertThat(log().countMessagesSince("app-1", "user-3", T0)).isZero();
  }

  @Test
  void messagesSinceGivesEachMessageOnceAtItsSendTimeSoShorterWindowsCountFromIt() {
    Decision sent = decision("d-1", "user-1", Outcome.SEND, T0);
    Decision deferred = decision("d-2", "user-1", Outcome.DEFERRED, T0.plus(Duration.ofHours(1)));
    log().record(sent);
    log().record(deferred);
    log().record(releaseOf(deferred, true));
    log().record(decision("d-3", "user-1", Outcome.HELD_OUT, T0.plus(Duration.ofHours(2))));
    log().record(decision("d-4", "user-1", Outcome.SEND, T0.minus(Duration.ofDays(2))));

    assertThat(log().messagesSince("app-1", "user-1", T0))
        .containsExactlyInAnyOrder(sent.sendAt(), deferred.sendAt());
    assertThat(log().messagesSince("app-1", "user-1", T0.minus(Duration.ofDays(7)))).hasSize(3);
    assertThat(log().messagesSince("app-1", "user-2", T0)).isEmpty();
  }

  @Test
  void deferredDecisionAndTheSendThatReleasesItCountAsOneMessage() {
    Decision deferred = decision("d-1", "user-1", Outcome.DEFERRED, T0);
    Decision released = releaseOf(deferred, true);
    log().record(deferred);
    log().record(released);

    assertThat(log().countMessagesSince("app-1", "user-1", T0)).isEqualTo(1);
    assertThat(log().recent("app-1", "user-1", 10)).containsExactly(released, deferred);
  }

  @Test
  void deferredDecisionIsNoMessageOnceItsReleaseIsWithdrawn() {
    Decision deferred = decision("d-1", "user-1", Outcome.DEFERRED, T0);
    log().record(deferred);
    log().record(decision("d-2", "user-1", Outcome.DEFERRED, T0));
    assertThat(log().countMessagesSince("app-1", "user-1", T0)).isEqualTo(2);

    Decision withdrawn = releaseOf(deferred, false);
    assertThat(withdrawn.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);

    log().record(withdrawn);

    assertThat(log().countMessagesSince("app-1", "user-1", T0)).isEqualTo(1);
  }

  /**
   * What the sweep records when {@code deferred} comes due: sent, or withdrawn without an address.
   */
  private static Decision releaseOf(Decision deferred, boolean reachable) {
    Profiles user = Profiles.user(deferred.userId());
    return DeferredRelease.of(
        deferred,
        (reachable ? user.email("someone@example.com") : user).build(),
        new InterventionCatalog(),
        deferred.sendAt());
  }

  private static Decision decision(String id, String userId, Outcome outcome, Instant at) {
    boolean sends = outcome == Outcome.SEND || outcome == Outcome.DEFERRED;
    return Decisions.decision(id)
        .app("app-1")
        .user(userId)
        .signal("sig-" + id, "INACTIVE")
        .reason(
            switch (outcome) {
              case SEND -> DecisionReason.ELIGIBLE;
              case DEFERRED -> DecisionReason.SEND_TIME;
              case HELD_OUT -> DecisionReason.HOLDOUT;
              case NOT_ELIGIBLE -> DecisionReason.FREQUENCY_CAP;
            })
        .intervention(sends ? "winback" : null)
        .at(at)
        .sendAt(outcome == Outcome.DEFERRED ? at.plus(Duration.ofHours(8)) : null)
        .propensity(0.25)
        .build();
  }
}

package dev.userwhisperer.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotChangeTest {
  private static final Instant NOON = Instant.parse("2026-01-05T12:00:00Z");

  private static Profiles user(Instant at) {
    return Profiles.user("u1").email("a@b.c").lastActiveAt(at);
  }

  @Test
  void aNewUserOrTheFirstVersionOfAUtcDayIsShown() {
    Profile before = user(NOON).build();

    assertThat(SnapshotChange.shows(null, before)).isTrue();
    assertThat(SnapshotChange.shows(Profile.empty("app1", "u1"), before)).isTrue();
    assertThat(SnapshotChange.shows(before, user(NOON.plus(Duration.ofHours(11))).build()))
        .as("23:00 the same day")
        .isFalse();
    assertThat(SnapshotChange.shows(before, user(NOON.plus(Duration.ofHours(12))).build()))
        .as("midnight UTC")
        .isTrue();
  }

  @Test
  void countersAloneAreNotShownButWhatTheReadersOfSnapshotsSeeIs() {
    Profile before = user(NOON).churn(0.31).build();
    Instant later = NOON.plusSeconds(60);

    assertThat(SnapshotChange.shows(before, user(later).churn(0.31).sessions(9).build())).isFalse();
    assertThat(SnapshotChange.shows(before, user(later).churn(0.38).build()))
        .as("the same tenth")
        .isFalse();
    assertThat(SnapshotChange.shows(before, user(later).churn(0.41).build())).isTrue();
    assertThat(SnapshotChange.shows(before, user(later).build())).as("no score").isTrue();
    assertThat(
            SnapshotChange.shows(
                before, user(later).churn(0.31).lifecycle(LifecycleStage.AT_RISK).build()))
        .isTrue();
    assertThat(
            SnapshotChange.shows(
                before, user(later).churn(0.31).billing(BillingStatus.ACTIVE).build()))
        .isTrue();
    assertThat(
            SnapshotChange.shows(
                before, user(later).churn(0.31).unsubscribed(Channel.EMAIL).build()))
        .isTrue();
  }

  @Test
  void aNewReadingIsShownButAnAnswerCountedWithoutOneIsNot() {
    Profile before = withEffect(new MessageEffect(2, 0.5, 0.3, 1, 0, 0));

    assertThat(SnapshotChange.shows(before, withEffect(new MessageEffect(2, 0.5, 0.3, 2, 1, 1))))
        .isFalse();
    assertThat(SnapshotChange.shows(before, withEffect(new MessageEffect(3, 0.2, 0.39, 1, 0, 0))))
        .isTrue();
  }

  private static Profile withEffect(MessageEffect effect) {
    return user(NOON)
        .responsiveness(new Responsiveness(java.util.Map.of(), java.util.List.of(), 0, effect))
        .build();
  }
}

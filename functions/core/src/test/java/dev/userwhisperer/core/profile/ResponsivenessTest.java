package dev.userwhisperer.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a message's content variant is settled: on clicks and conversions, app-wide only. */
class ResponsivenessTest {
  private static final Instant SENT = Instant.parse("2026-01-05T12:00:00Z");
  private static final Duration WINDOW = Duration.ofDays(3);
  private static final Instant LATER = SENT.plus(WINDOW).plusSeconds(1);
  private static final String VARIANT_B = Arms.variant("winback", Channel.EMAIL, "b");

  private static Responsiveness sent() {
    return Responsiveness.NONE.withPending(
        new PendingSend("m1", Channel.EMAIL, 12, SENT).of("winback", "b"));
  }

  @Test
  void aClickSettlesAsASuccessOfTheVariantInTheAppWideCountsOnly() {
    Settlement s =
        sent().respond("m1", SENT.plusSeconds(60), WINDOW, true).settleExpired(LATER, WINDOW);

    assertThat(s.added())
        .containsEntry(VARIANT_B, ArmCounts.SUCCESS)
        .containsEntry("email", ArmCounts.SUCCESS);
    assertThat(s.next().arms()).containsKey("email").doesNotContainKey(VARIANT_B);
  }

  @Test
  void anOpenAloneIsASuccessForTheChannelButNotForTheVariant() {
    Settlement s = sent().respond("m1", SENT.plusSeconds(60), WINDOW).settleExpired(LATER, WINDOW);

    assertThat(s.added())
        .containsEntry("email", ArmCounts.SUCCESS)
        .containsEntry(VARIANT_B, ArmCounts.FAILURE);
  }

  @Test
  void aConversionAfterAnOpenIsASuccessForTheVariant() {
    Settlement s =
        sent()
            .respond("m1", SENT.plusSeconds(60), WINDOW)
            .convert(SENT.plusSeconds(120), WINDOW)
            .settleExpired(LATER, WINDOW);

    assertThat(s.added()).containsEntry(VARIANT_B, ArmCounts.SUCCESS);
  }

  @Test
  void anOpenAfterAClickKeepsTheClick() {
    Responsiveness r =
        sent()
            .respond("m1", SENT.plusSeconds(60), WINDOW, true)
            .respond("m1", SENT.plusSeconds(90), WINDOW, false);

    assertThat(r.pending("m1").orElseThrow().answer()).isEqualTo(Responsiveness.Answer.CLICKED);
  }

  @Test
  void aMessagePendingFromBeforeVariantsSettlesNoVariant() {
    Settlement s =
        Responsiveness.NONE
            .withPending(new PendingSend("m1", Channel.EMAIL, 12, SENT))
            .settleExpired(LATER, WINDOW);

    assertThat(s.added()).containsOnlyKeys("email", "h12");
  }
}

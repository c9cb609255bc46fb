package dev.userwhisperer.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How a message is settled: its content variant on clicks and conversions, app-wide only; the
 * user's own answers, returns and conversions into their response history, once.
 */
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

  @Test
  void aSessionWithinTheHourAfterAnOpenSettlesAsAnAnsweredMessageThatBroughtTheUserBack() {
    MessageEffect own =
        sent()
            .respond("m1", SENT.plusSeconds(600), WINDOW)
            .activeAt(SENT.plusSeconds(600 + 3000), WINDOW)
            .settleExpired(LATER, WINDOW)
            .next()
            .effect();

    assertThat(own.answered()).isEqualTo(1);
    assertThat(own.returns()).isEqualTo(1);
    assertThat(own.returnShare()).isEqualTo(1.0);
  }

  @Test
  void activityBeforeTheOpenOrLaterThanAnHourAfterItIsNoReturn() {
    MessageEffect own =
        sent()
            .activeAt(SENT.plusSeconds(60), WINDOW)
            .respond("m1", SENT.plusSeconds(600), WINDOW)
            .activeAt(
                SENT.plusSeconds(600).plus(Responsiveness.RETURN_WINDOW).plusSeconds(1), WINDOW)
            .settleExpired(LATER, WINDOW)
            .next()
            .effect();

    assertThat(own.answered()).isEqualTo(1);
    assertThat(own.returns()).isZero();
  }

  @Test
  void theFirstOpenStartsTheHourAndALaterClickDoesNotMoveIt() {
    Responsiveness r =
        sent()
            .respond("m1", SENT.plusSeconds(600), WINDOW)
            .respond("m1", SENT.plusSeconds(9000), WINDOW, true)
            .activeAt(SENT.plusSeconds(9100), WINDOW);

    assertThat(r.pending("m1").orElseThrow().answeredAt()).isEqualTo(SENT.plusSeconds(600));
    assertThat(r.pending("m1").orElseThrow().returned()).isFalse();
  }

  @Test
  void aConversionAfterAMessageCountsAsAnsweredAndConverted() {
    MessageEffect own =
        sent().convert(SENT.plusSeconds(3600), WINDOW).settleExpired(LATER, WINDOW).next().effect();

    assertThat(own.answered()).isEqualTo(1);
    assertThat(own.conversions()).isEqualTo(1);
    assertThat(own.returns()).isZero();
  }

  @Test
  void anUnansweredMessageAddsNoAnswerAndAMessageSettlesIntoTheHistoryOnce() {
    Responsiveness answered =
        sent()
            .withPending(new PendingSend("m2", Channel.PUSH, 13, SENT))
            .respond("m1", SENT.plusSeconds(600), WINDOW)
            .activeAt(SENT.plusSeconds(700), WINDOW);
    Responsiveness redelivered =
        answered
            .respond("m1", SENT.plusSeconds(600), WINDOW)
            .activeAt(SENT.plusSeconds(700), WINDOW);
    Responsiveness settled = redelivered.settleExpired(LATER, WINDOW).next();

    assertThat(redelivered).isEqualTo(answered);
    assertThat(settled.effect().answered()).isEqualTo(1);
    assertThat(settled.effect().returns()).isEqualTo(1);
    assertThat(settled.settleExpired(LATER.plusSeconds(60), WINDOW).next()).isEqualTo(settled);
  }

  @Test
  void aProfileWithoutAnswersKeepsItsEncodingAsBeforeTheHistoryWasCounted() {
    Responsiveness r =
        Responsiveness.NONE
            .withPending(new PendingSend("m1", Channel.EMAIL, 12, SENT))
            .settleExpired(LATER, WINDOW)
            .next()
            .withPending(new PendingSend("m2", Channel.EMAIL, 12, SENT));

    String json = Json.encodeToString(r);

    assertThat(json).doesNotContain("answered", "returns", "conversions", "returned");
    assertThat(Json.decode(Json.encode(r), Responsiveness.class)).isEqualTo(r);
  }

  @Test
  void theHistoryAndAnOpenAwaitingItsReturnSurviveTheEncoding() {
    Responsiveness r =
        sent()
            .withPending(
                new PendingSend("m0", Channel.PUSH, 11, SENT.minus(WINDOW).minusSeconds(60)))
            .respond("m0", SENT.minus(WINDOW), WINDOW)
            .activeAt(SENT.minus(WINDOW).plusSeconds(60), WINDOW)
            .settleExpired(SENT, WINDOW)
            .next()
            .respond("m1", SENT.plusSeconds(60), WINDOW);

    Responsiveness decoded = Json.decode(Json.encode(r), Responsiveness.class);

    assertThat(decoded).isEqualTo(r);
    assertThat(decoded.effect().returns()).isEqualTo(1);
    assertThat(decoded.pending("m1").orElseThrow().answeredAt()).isEqualTo(SENT.plusSeconds(60));
  }
}

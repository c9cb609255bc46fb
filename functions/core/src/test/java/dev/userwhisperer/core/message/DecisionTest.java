package dev.userwhisperer.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Decision.Candidate;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.testing.Decisions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  @Test
  void aVersionOneDocumentIsReadWithNoCandidatesAndPropensitiesOfOne() {
    String v1 =
        """
        {"version":1,"decisionId":"d1","appId":"app1","userId":"u1","signalId":"s1",
         "signalType":"SIGNED_UP","outcome":"SEND","reason":"eligible","intervention":"welcome",
         "channel":"EMAIL","decidedAt":"2026-01-05T12:00:00Z","sendAt":"2026-01-05T12:00:00Z",
         "propensity":1.0}""";

    Decision d = Json.decode(v1.getBytes(StandardCharsets.UTF_8), Decision.class);

    assertThat(d.version()).isEqualTo(1);
    assertThat(d.candidates()).isEmpty();
    assertThat(d.sendHour()).isNull();
    assertThat(d.channelPropensity()).isEqualTo(1.0);
    assertThat(d.hourPropensity()).isEqualTo(1.0);
    assertThat(d.propensity()).isEqualTo(1.0);
    assertThat(d.channels()).isEmpty();
    assertThat(d.hours()).isEmpty();
  }

  @Test
  void aVersionTwoDocumentIsReadWithNoChannelsAndNoHoursChosenAmong() {
    String v2 =
        """
        {"version":2,"decisionId":"d1","appId":"app1","userId":"u1","signalId":"s1",
         "signalType":"INACTIVE","outcome":"SEND","reason":"eligible","intervention":"winback",
         "channel":"EMAIL","decidedAt":"2026-01-05T12:00:00Z","sendAt":"2026-01-05T12:00:00Z",
         "candidates":[{"intervention":"winback","uplift":0.02}],"sendHour":12,
         "channelPropensity":0.8,"hourPropensity":0.5,"propensity":0.4}""";

    Decision d = Json.decode(v2.getBytes(StandardCharsets.UTF_8), Decision.class);

    assertThat(d.version()).isEqualTo(2);
    assertThat(d.channelPropensity()).isEqualTo(0.8);
    assertThat(d.channels()).isEmpty();
    assertThat(d.hours()).isEmpty();
  }

  @Test
  void aDecisionRoundTripsThroughJsonWithItsCandidatesAndArms() {
    Decision d =
        Decisions.decision("d1")
            .reason(DecisionReason.SEND_TIME)
            .channel(Channel.PUSH)
            .at(T)
            .sendAt(T.plusSeconds(3600))
            .candidates(List.of(new Candidate("welcome", 0.03)))
            .channelChoice(List.of(Channel.EMAIL, Channel.PUSH), 0.4)
            .hourChoice(13, List.of(12, 13, 14), 0.25)
            .build();

    assertThat(Json.decode(Json.encode(d), Decision.class)).isEqualTo(d);
    assertThat(Json.tree(Json.encode(d)).get("reason").asString()).isEqualTo("send_time");
  }

  @Test
  void aReasonOfAnotherOutcomeIsRefused() {
    assertThatThrownBy(() -> notEligible(DecisionReason.HOLDOUT, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason holdout is not one of NOT_ELIGIBLE");
  }

  @Test
  void aReasonNoDecisionHasIsRefusedWhenRead() {
    String json = new String(Json.encode(notEligible(DecisionReason.NO_UPLIFT, 1.0)));

    assertThatThrownBy(
            () -> Json.decode(json.replace("no_uplift", "because").getBytes(), Decision.class))
        .isInstanceOf(Json.MalformedJson.class);
  }

  @Test
  void aPropensityOfZeroIsRefused() {
    assertThatThrownBy(() -> notEligible(DecisionReason.NO_UPLIFT, 0.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Decision notEligible(DecisionReason reason, double propensity) {
    return new Decision(
        Decision.VERSION,
        "d1",
        "app1",
        "u1",
        "s1",
        "SIGNED_UP",
        Outcome.NOT_ELIGIBLE,
        reason,
        null,
        null,
        T,
        null,
        List.of(),
        null,
        1.0,
        1.0,
        propensity,
        List.of(),
        List.of(),
        null,
        1.0,
        List.of());
  }
}

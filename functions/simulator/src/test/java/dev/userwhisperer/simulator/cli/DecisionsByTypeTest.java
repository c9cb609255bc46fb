package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.simulator.Platform.LoggedDecision;
import dev.userwhisperer.simulator.ResponseType;
import dev.userwhisperer.simulator.Traits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionsByTypeTest {
  private static final Instant STEADY = Instant.parse("2026-02-15T00:00:00Z");

  @Test
  void countsTheJudgedUsersOfEachTypeAndTheirDecisionsByWhatDecideDid() {
    List<Traits> population =
        List.of(
            user("p1", ResponseType.PERSUADABLE, STEADY),
            user("p2", ResponseType.PERSUADABLE, STEADY.plus(Duration.ofDays(3))),
            user("early", ResponseType.PERSUADABLE, STEADY.minus(Duration.ofDays(1))),
            user("d1", ResponseType.SLEEPING_DOG, STEADY.plus(Duration.ofDays(1))));
    List<JudgedDecision> judged =
        List.of(
            judged(ResponseType.PERSUADABLE, "a", "SEND", "eligible"),
            judged(ResponseType.PERSUADABLE, "b", "DEFERRED", "send_time"),
            judged(ResponseType.PERSUADABLE, "b:released", "SEND", "released"),
            judged(ResponseType.PERSUADABLE, "c", "NOT_ELIGIBLE", "no_uplift"),
            judged(ResponseType.PERSUADABLE, "d", "SEND", "explored"),
            judged(ResponseType.PERSUADABLE, "e", "HELD_OUT", "holdout"),
            judged(ResponseType.PERSUADABLE, "f", "HELD_OUT", "exploration"),
            judged(ResponseType.PERSUADABLE, "g", "NOT_ELIGIBLE", "frequency_cap"),
            judged(ResponseType.SLEEPING_DOG, "h", "NOT_ELIGIBLE", "no_uplift"),
            judged(ResponseType.SLEEPING_DOG, "i", "NOT_ELIGIBLE", "no_uplift"));

    DecisionsByType counts = DecisionsByType.of(population, STEADY, judged);

    assertThat(counts.of(ResponseType.PERSUADABLE))
        .isEqualTo(new DecisionsByType.Counts(2, 2, 1, 2, 1, 1));
    assertThat(counts.of(ResponseType.PERSUADABLE).gatedShare()).isEqualTo(0.25);
    assertThat(counts.of(ResponseType.SLEEPING_DOG))
        .isEqualTo(new DecisionsByType.Counts(1, 0, 2, 0, 0, 0));
    assertThat(counts.of(ResponseType.SLEEPING_DOG).gatedShare()).isEqualTo(1.0);
    assertThat(counts.of(ResponseType.UNMOVED)).isEqualTo(DecisionsByType.Counts.NONE);
    assertThat(counts.of(ResponseType.UNMOVED).perUser(0)).isZero();
  }

  private static JudgedDecision judged(
      ResponseType type, String id, String outcome, String reason) {
    return new JudgedDecision(
        type, new LoggedDecision(id, STEADY, outcome, reason, "model", "demo/uplift/pooled/v1"));
  }

  private static Traits user(String id, ResponseType type, Instant signupAt) {
    return new Traits(
        0,
        id,
        signupAt,
        true,
        ZoneOffset.UTC,
        12,
        1,
        30,
        0.01,
        0.5,
        false,
        false,
        Map.of(),
        0.2,
        0.1,
        type);
  }
}

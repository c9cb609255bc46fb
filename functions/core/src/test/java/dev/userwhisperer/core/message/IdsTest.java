package dev.userwhisperer.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreTheOnesStoresAlreadyHold() {
    // computed by the id schemes before they moved here: a change would re-decide stored signals
    assertThat(Ids.decision("app1", "s1")).isEqualTo("1988e7788652ee327a6f1bdce413896e");
    assertThat(Ids.outbound("d1")).isEqualTo("4ec1ef2fdc588b2937c803245242bbcf");
    assertThat(Ids.signal("app1", "u1", SignalType.INACTIVE, "2026-01-05T00:00:00Z"))
        .isEqualTo("645fc51c5c4955fc63035a57970ff25f");
    assertThat(Ids.holdoutPercentile("app1", "u1")).isEqualTo(41);
    assertThat(Ids.batch("app1", "u1", List.of("m2", "m1")))
        .isEqualTo("115e1a9344b64b3e9e42e2b8d786fd191a92a7693d0378e6dbaa4ad6efe0cc09");
    assertThat(Ids.task(TaskKind.DRIFT_CHECK, "app1", "u1")).isEqualTo("drift:app1:u1");
    assertThat(Ids.releaseTask("d1")).isEqualTo("release:d1");
    assertThat(Ids.released("d1")).isEqualTo("d1:released");
    assertThat(Ids.feedbackEvent("o1", "open")).isEqualTo("fb:o1:open");
    assertThat(Ids.smsKeywordEvent("SM1")).isEqualTo("twilio:SM1");
  }

  @Test
  void batchIdDependsOnAppUserAndMessageIdsNotTheirOrder() {
    String id = Ids.batch("app-1", "u", List.of("m1", "m2"));
    assertThat(Ids.batch("app-1", "u", List.of("m2", "m1"))).isEqualTo(id);
    assertThat(Ids.batch("app-2", "u", List.of("m1", "m2"))).isNotEqualTo(id);
    assertThat(Ids.batch("app-1", "v", List.of("m1", "m2"))).isNotEqualTo(id);
    assertThat(Ids.batch("app-1", "u", List.of("m1"))).isNotEqualTo(id);
  }

  @Test
  void hashedPartsDoNotRunIntoEachOther() {
    assertThat(Ids.decision("a", "bc")).isNotEqualTo(Ids.decision("ab", "c"));
    assertThat(Ids.signal("a", "u", SignalType.INACTIVE, "x", "y"))
        .isNotEqualTo(Ids.signal("a", "u", SignalType.INACTIVE, "xy"));
  }

  @Test
  void aDeferredDecisionsMessageIsTheOneItsReleaseComposes() {
    Decision deferred =
        new Decision(
            Decision.VERSION,
            "d1",
            "app1",
            "u1",
            "s1",
            "INACTIVE",
            Decision.Outcome.DEFERRED,
            DecisionReason.QUIET_HOURS,
            "winback",
            Channel.EMAIL,
            java.time.Instant.EPOCH,
            java.time.Instant.EPOCH,
            List.of(),
            0,
            1.0,
            1.0,
            1.0,
            List.of(),
            List.of(),
            "a",
            1.0,
            List.of("a"));
    assertThat(Ids.outboundOf(deferred)).isEqualTo(Ids.outbound("d1:released"));
  }

  @Test
  void aReleaseTaskIsNamedByItsDecisionNotByTheUser() {
    assertThatThrownBy(() -> Ids.task(TaskKind.RELEASE_DECISION, "app1", "u1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.effect.Promotion.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChurnPromotionTest {
  private static JsonNode candidate(double auc, String liveVersion, double liveAuc) {
    return Json.tree(
        """
        {"version": "v2",
         "held_out_metrics": {"roc_auc": %s, "roc_auc_95": [0.80, 0.92]},
         "live_on_held_out": {"version": "%s", "roc_auc": %s}}
        """
            .formatted(auc, liveVersion, liveAuc)
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCandidateWhoseAucReadsTheSameAsTheLiveOnesStaysOut() {
    // 0.86392 against 0.86388: higher in the fifth decimal, the same AUC as reported
    Verdict v = ChurnPromotion.judge(candidate(0.86392, "v1", 0.86388), Optional.of("v1"));

    assertThat(v.promoted()).isFalse();
    assertThat(v.reason()).isEqualTo("not_better_than_live");
    assertThat(v.detail())
        .isEqualTo("ROC AUC 0.8639 against the live version's 0.8639 on the same held-out users");
  }

  @Test
  void anExactTieStaysOut() {
    Verdict v = ChurnPromotion.judge(candidate(0.8639, "v1", 0.8639), Optional.of("v1"));

    assertThat(v.promoted()).isFalse();
    assertThat(v.reason()).isEqualTo("not_better_than_live");
  }

  @Test
  void aCandidateWithAHigherReportedAucReplacesTheLiveVersion() {
    Verdict v = ChurnPromotion.judge(candidate(0.8641, "v1", 0.8639), Optional.of("v1"));

    assertThat(v.promoted()).isTrue();
    assertThat(v.reason()).isEqualTo("promoted");
    assertThat(v.detail())
        .isEqualTo("ROC AUC 0.8641 against the live version's 0.8639 on the same held-out users");
  }

  @Test
  void aLiveVersionWithoutAnAucOnTheHeldOutUsersIsNotReplaced() {
    JsonNode noLiveAuc =
        Json.tree(
            """
            {"version": "v2",
             "held_out_metrics": {"roc_auc": 0.90, "roc_auc_95": [0.85, 0.94]},
             "live_on_held_out": {"version": "v1"}}
            """
                .getBytes(StandardCharsets.UTF_8));

    Verdict v = ChurnPromotion.judge(noLiveAuc, Optional.of("v1"));

    assertThat(v.promoted()).isFalse();
    assertThat(v.reason()).isEqualTo("not_better_than_live");
  }
}

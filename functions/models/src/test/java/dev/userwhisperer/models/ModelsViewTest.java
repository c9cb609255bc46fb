package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ModelsViewTest {
  @TempDir Path root;

  private void version(Slot slot, String version, String promotion) throws Exception {
    ModelDirectory dir = new FileModelDirectory(root);
    Path v = dir.version(slot, version);
    Files.createDirectories(v);
    Files.writeString(
        v.resolve("uplift-model.json"),
        """
        {"format": "user-whisperer-uplift", "format_version": 1, "version": "%s",
         "learner": "x-learner", "trained_at": "2026-12-01T00:00:00Z", "training": {"rows": 25000},
         "held_out_metrics": {"qini_coefficient": 0.01, "qini_coefficient_95": [0.002, 0.02]},
         "boosters": {"tau0": "tau0.ubj", "tau1": "tau1.ubj"}, "features": []}
        """
            .formatted(version));
    if (promotion != null) {
      Files.writeString(v.resolve("promotion.json"), promotion);
    }
  }

  private JsonNode view(String app) {
    ModelDirectory dir = new FileModelDirectory(root);
    XgboostTreatmentEffectModels loaded = new XgboostTreatmentEffectModels(dir);
    loaded.refresh();
    return Json.tree(Json.encode(ModelsView.of(app, dir, loaded, Optional.empty())));
  }

  @Test
  void everyVersionIsListedWithItsMetricsAndWhyItIsNotLive() throws Exception {
    Slot winback = new Slot("app1", "winback");
    version(
        winback,
        "v1",
        "{\"promoted\": false, \"reason\": \"below_floor\", \"detail\": \"5000 randomized rows\"}");
    version(winback, "v2", "{\"promoted\": true, \"reason\": \"promoted\", \"detail\": \"\"}");
    new FileModelDirectory(root).promote(winback, "v2");
    version(new Slot("app2", "winback"), "v9", null);

    JsonNode models = view("app1").path("models");

    assertThat(models.size()).isEqualTo(3);
    assertThat(models.get(0).path("kind").asString()).isEqualTo("churn");
    assertThat(models.get(0).path("live").asBoolean()).isFalse();
    JsonNode v1 = models.get(1);
    assertThat(v1.path("version").asString()).isEqualTo("v1");
    assertThat(v1.path("metrics").path("qini_coefficient").asDouble()).isEqualTo(0.01);
    assertThat(v1.path("trainingRows").asLong()).isEqualTo(25_000);
    assertThat(v1.path("why").asString()).isEqualTo("below_floor: 5000 randomized rows");
    JsonNode v2 = models.get(2);
    assertThat(v2.path("live").asBoolean()).isFalse();
    assertThat(v2.path("why").asString()).startsWith("promoted, but cannot be loaded");
  }

  @Test
  void anInterventionTheLearnJobCouldNotTrainYetIsListedWithWhy() {
    new FileModelDirectory(root)
        .recordTraining(
            new Slot("app1", "churn_save"),
            Json.encode(
                java.util.Map.of(
                    "attempted_at", "2026-12-07T03:00:00Z",
                    "status", "not_enough_data",
                    "reason", "not_enough_data",
                    "detail", "decisions before 2026-11-09: 80 sent, 12 withheld at random")));

    JsonNode body = view("app1");

    JsonNode none = body.path("models").get(1);
    assertThat(none.path("intervention").asString()).isEqualTo("churn_save");
    assertThat(none.path("version").isNull()).isTrue();
    assertThat(none.path("live").asBoolean()).isFalse();
    assertThat(none.path("why").asString())
        .isEqualTo("not trained yet: decisions before 2026-11-09: 80 sent, 12 withheld at random");
    assertThat(body.path("training").get(0).path("status").asString()).isEqualTo("not_enough_data");
  }

  @Test
  void anAppWithoutModelsSeesOnlyWhatDecidesInstead() {
    JsonNode body = view("app1");

    assertThat(body.path("models").size()).isEqualTo(1);
    assertThat(body.path("default").asString()).isEqualTo(ModelsView.DEFAULT_DECIDER);
  }
}

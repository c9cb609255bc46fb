package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModelExportTest {
  private static ChurnTrainer.TrainedModel model;
  private static List<CustomerFeatures> features;

  @TempDir Path dir;

  @BeforeAll
  static void train() throws XGBoostError {
    model =
        new ChurnTrainer(ChurnTrainerTest.SMALL)
            .fit(
                ChurnTrainerTest.rows(300, 11).stream().map(LabeledCustomer::example).toList(),
                Progress.silent());
    features = ChurnTrainerTest.rows(200, 12).stream().map(LabeledCustomer::features).toList();
  }

  @Test
  void exportedModelPredictsExactlyLikeTheTrainedOne() throws Exception {
    ModelExport.write(dir, model.booster(), CustomerFeatures.NAMES, Map.of());

    Booster loaded = ModelExport.load(dir);

    assertThat(CustomerFeatures.predict(loaded, features))
        .containsExactly(CustomerFeatures.predict(model.booster(), features));
    assertThat(loaded.getNumBoostedRound()).isEqualTo(model.rounds());
  }

  @Test
  void modelFileIsUbjsonUnderTheNameThePrebuiltContainerLoads() throws Exception {
    ModelExport.write(dir, model.booster(), CustomerFeatures.NAMES, Map.of());

    byte[] bytes = Files.readAllBytes(dir.resolve("model.bst"));
    assertThat(bytes[0]).isEqualTo((byte) '{'); // UBJSON object marker
    assertThat(bytes[1]).isNotEqualTo((byte) '"'); // and not text JSON
    // the container feeds bare arrays: named features would fail its name check
    assertThat(model.booster().getFeatureNames()).containsOnlyNulls();
  }

  @Test
  void interceptIsOneHalfSoThatPreThreeLoadersPredictTheSame() throws Exception {
    // XGBoost 1.7 (checked with Debian's python3-xgboost 1.7.4) reads XGBoost 3's vector-form
    // base_score as the 0.5 default: any other intercept would shift every prediction
    ModelExport.write(dir, model.booster(), CustomerFeatures.NAMES, Map.of());
    byte[] json = ModelExport.load(dir).toByteArray("json");

    JsonNode param = JsonMapper.shared().readTree(json).at("/learner/learner_model_param");
    assertThat(param.get("base_score").asString()).isEqualTo("[5E-1]");
  }

  @Test
  void featureOrderAndMetadataAreWrittenBesideTheModel() throws Exception {
    String version =
        ModelExport.write(
            dir, model.booster(), CustomerFeatures.NAMES, Map.of("name", "churn-test"));

    assertThat(ModelExport.featureNames(dir)).isEqualTo(CustomerFeatures.NAMES);
    JsonNode metadata = JsonMapper.shared().readTree(dir.resolve("model-metadata.json").toFile());
    assertThat(metadata.get("version").asString()).isEqualTo(version).hasSize(12);
    assertThat(metadata.get("model_file").asString()).isEqualTo("model.bst");
    assertThat(metadata.get("name").asString()).isEqualTo("churn-test");
  }

  @Test
  void versionIsDerivedFromTheModelBytes() throws Exception {
    String first =
        ModelExport.write(dir.resolve("a"), model.booster(), CustomerFeatures.NAMES, Map.of());
    String second =
        ModelExport.write(dir.resolve("b"), model.booster(), CustomerFeatures.NAMES, Map.of());
    assertThat(second).isEqualTo(first);
  }
}

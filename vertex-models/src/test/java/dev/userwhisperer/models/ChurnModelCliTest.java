package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ChurnModelCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return ChurnModelCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void missingDataDirectoryFailsWithWhereItLookedAndWhatToDo(@TempDir Path empty) throws Exception {
    int status =
        run("cdnow", "--data", empty.resolve("nowhere").toString(), "--out", empty.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("CDNOW data not found", "CDNOW_master.txt", "nowhere", "--data");
    assertThat(out.size()).isZero();
  }

  @Test
  void unknownCommandOrOptionPrintsUsage() throws Exception {
    assertThat(run("train")).isEqualTo(2);
    assertThat(run("cdnow", "--epochs", "3")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("usage: cdnow", "unknown option --epochs");
  }

  @Test
  void warehouseModeTrainsOnTheFeatureVectorAndExportsTheModelDirectory(@TempDir Path dir)
      throws Exception {
    Instant cutoff = Instant.parse("2026-03-01T00:00:00Z");
    Path warehouse = dir.resolve("warehouse.duckdb");
    CdnowWarehouse.writeEvents(warehouse, PlatformEvents.APP, PlatformEvents.app(400, cutoff, 11));
    Path model = dir.resolve("model");

    int status =
        run(
            "warehouse",
            "--duckdb",
            warehouse.toString(),
            "--cutoff",
            cutoff.toString(),
            "--horizon-days",
            "28",
            "--app",
            PlatformEvents.APP,
            "--out",
            model.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(model)
        .isDirectoryContaining("glob:**/model.bst")
        .isDirectoryContaining("glob:**/MODEL_CARD.md")
        .isDirectoryContaining("glob:**/roc.png")
        .isDirectoryContaining("glob:**/calibration.png");
    assertThat(ModelExport.featureNames(model))
        .containsExactlyElementsOf(PointInTimeFeatures.defaults().featureNames());
    JsonNode metadata = Json.tree(Files.readAllBytes(model.resolve(ModelExport.METADATA_FILE)));
    assertThat(metadata.get("name").asString()).isEqualTo("platform-churn");
    assertThat(metadata.get("training").get("users").asInt()).isEqualTo(400);
    assertThat(metadata.get("held_out_metrics").get("roc_auc").asDouble()).isGreaterThan(0.6);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("| XGBoost |", "model platform-churn " + metadata.get("version").asString());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("early stopping", "export");
    assertThat(Files.readString(model.resolve("MODEL_CARD.md")))
        .contains("days_since_active", "held-out users", "2026-03-01T00:00:00Z");
  }

  @Test
  void warehouseModeNeedsACutoffAndExactlyOneWarehouse(@TempDir Path dir) throws Exception {
    assertThat(run("warehouse", "--duckdb", "x.duckdb")).isEqualTo(2);
    assertThat(
            run(
                "warehouse",
                "--duckdb",
                "x",
                "--bigquery",
                "p.d",
                "--cutoff",
                "2026-03-01T00:00:00Z"))
        .isEqualTo(2);
    assertThat(
            run(
                "warehouse",
                "--duckdb",
                dir.resolve("missing.duckdb").toString(),
                "--cutoff",
                "2026-03-01T00:00:00Z"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("give --cutoff", "missing.duckdb");
  }
}

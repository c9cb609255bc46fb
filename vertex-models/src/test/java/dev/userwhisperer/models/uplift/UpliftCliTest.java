package dev.userwhisperer.models.uplift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class UpliftCliTest {
  @TempDir static Path shared;
  static Path campaign;

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void writeCampaign() {
    campaign = shared.resolve("campaign.csv");
    SyntheticCampaign.generate(3000, 9, false).writeCsv(campaign);
  }

  private int run(String... args) throws Exception {
    return UpliftCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path csv(String text) throws Exception {
    Path file = dir.resolve("input-" + System.nanoTime() + ".csv");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void trainThenScoreWritesOneScorePerInputRowInOrderWithTheSavedModelsScores() throws Exception {
    Path model = dir.resolve("model");
    Path scores = dir.resolve("scores.csv");

    int trained = trainOnCampaign(model.toString(), "--bootstrap", "20");
    assertThat(trained).as(errors()).isZero();
    int scored =
        run(
            "score",
            "--model",
            model.toString(),
            "--csv",
            campaign.toString(),
            "--out",
            scores.toString());
    assertThat(scored).as(errors()).isZero();

    List<String> lines = Files.readAllLines(scores);
    assertThat(lines).hasSize(3001);
    assertThat(lines.get(0)).isEqualTo("row_index,score");
    double[] expected = UpliftModelFiles.load(model).score(CampaignTable.read(campaign));
    for (int i = 0; i < 3000; i++) {
      String[] fields = lines.get(i + 1).split(",");
      assertThat(fields).hasSize(2);
      assertThat(Integer.parseInt(fields[0])).isEqualTo(i);
      assertThat(Double.parseDouble(fields[1]))
          .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-6));
    }
    JsonNode manifest =
        JsonMapper.builder()
            .build()
            .readTree(Files.readAllBytes(model.resolve(UpliftModelFiles.MANIFEST_FILE)));
    assertThat(manifest.get("learner").asString()).isEqualTo("x-learner");
    assertThat(manifest.get("features")).hasSize(9);
    assertThat(manifest.get("features").get(6).get("name").asString()).isEqualTo("plan=free");
    assertThat(manifest.get("held_out_metrics").get("qini_coefficient").asDouble()).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("| x-learner |", "uplift model " + manifest.get("version").asString())
        .contains("3000 rows scored");
    assertThat(model)
        .isDirectoryContaining("glob:**/tau0.ubj")
        .isDirectoryContaining("glob:**/tau1.ubj")
        .isDirectoryContaining("glob:**/MODEL_CARD.md")
        .isDirectoryContaining("glob:**/qini.png");
    assertThat(Files.readString(model.resolve("MODEL_CARD.md")))
        .contains("x-learner", "Qini coefficient", "plan=pro", "random (expected)");
    assertThat(errors()).contains("tau1 (treated effect)", "scoring");
  }

  @Test
  void listedFeaturesAndALearnerAreUsedAsGiven() throws Exception {
    Path model = dir.resolve("model");

    int status =
        trainOnCampaign(
            model.toString(), "--features", "x1,x2,x3", "--learner", "t", "--bootstrap", "0");

    assertThat(status).as(errors()).isZero();
    UpliftScorer scorer = UpliftModelFiles.load(model);
    assertThat(scorer.encoding().names()).containsExactly("x1", "x2", "x3");
    assertThat(scorer.model().learner()).isEqualTo(UpliftLearner.T);
    assertThat(model).isDirectoryContaining("glob:**/mu0.ubj");
  }

  @Test
  void missingColumnNamesItAndTheColumnsThereAre() throws Exception {
    int status =
        run(
            "train",
            "--csv",
            campaign.toString(),
            "--treatment",
            "sent",
            "--outcome",
            "converted",
            "--out",
            dir.toString());

    assertThat(status).isEqualTo(1);
    assertThat(errors()).contains("column 'sent' not in", "columns: x1, x2");
  }

  @Test
  void nonBinaryTreatmentOrOutcomeIsRejectedWithTheRow() throws Exception {
    List<String> lines = new ArrayList<>(List.of("x,t,y"));
    for (int i = 0; i < 300; i++) {
      lines.add(i + "," + (i % 2) + "," + (i % 3 == 0 ? 1 : 0));
    }
    List<String> badOutcome = new ArrayList<>(lines);
    badOutcome.set(5, "4,0,2");
    List<String> badTreatment = new ArrayList<>(lines);
    badTreatment.set(3, "2,yes,0");

    assertThat(train(csv(String.join("\n", badOutcome)), "t", "y")).isEqualTo(1);
    assertThat(errors()).contains("outcome column 'y' must be binary", "data row 4", "'2'");
    assertThat(train(csv(String.join("\n", badTreatment)), "t", "y")).isEqualTo(1);
    assertThat(errors()).contains("treatment column 't' must be binary", "'yes'");
  }

  @Test
  void tooFewTreatedOrControlRowsIsRejectedWithTheCounts() throws Exception {
    List<String> lines = new ArrayList<>(List.of("x,t,y"));
    for (int i = 0; i < 500; i++) {
      lines.add(i + "," + (i < 40 ? 1 : 0) + "," + (i % 2));
    }

    assertThat(train(csv(String.join("\n", lines)), "t", "y")).isEqualTo(1);
    assertThat(errors()).contains("40 treated and 460 control rows", "at least 100 of each");
  }

  @Test
  void emptyOrHeaderOnlyFileIsRejected() throws Exception {
    assertThat(train(csv(""), "t", "y")).isEqualTo(1);
    assertThat(errors()).contains("is empty");
    assertThat(train(csv("x,t,y\n"), "t", "y")).isEqualTo(1);
    assertThat(errors()).contains("no data rows");
  }

  @Test
  void scoringFailsClearlyWithoutAModelOrWithoutAFeatureColumn() throws Exception {
    Path model = dir.resolve("model");
    assertThat(
            trainOnCampaign(
                model.toString(), "--features", "x1,x2", "--learner", "t", "--bootstrap", "0"))
        .isZero();

    assertThat(
            run(
                "score",
                "--model",
                dir.resolve("none").toString(),
                "--csv",
                campaign.toString(),
                "--out",
                dir.resolve("s.csv").toString()))
        .isEqualTo(1);
    assertThat(errors()).contains("no uplift model in", "uplift-model.json");
    assertThat(
            run(
                "score",
                "--model",
                model.toString(),
                "--csv",
                csv("x1,x3\n1,2\n").toString(),
                "--out",
                dir.resolve("s.csv").toString()))
        .isEqualTo(1);
    assertThat(errors()).contains("column 'x2' not in");
  }

  @Test
  void aColumnInTwoRolesOrListedTwiceIsRejected() throws Exception {
    assertThat(
            run(
                "train",
                "--csv",
                campaign.toString(),
                "--treatment",
                "converted",
                "--outcome",
                "converted",
                "--out",
                dir.toString()))
        .isEqualTo(1);
    assertThat(errors()).contains("must be different columns");
    assertThat(trainOnCampaign(dir.toString(), "--features", "x1,x2,x1")).isEqualTo(1);
    assertThat(errors()).contains("lists a column twice");
    assertThat(trainOnCampaign(dir.toString(), "--features", "x1,treated")).isEqualTo(1);
    assertThat(errors()).contains("'treated' is the treatment, outcome or propensity");
  }

  @Test
  void anOutputThatCannotBeWrittenFailsWithTheFileNotAStackTrace() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "not a directory");

    assertThat(trainOnCampaign(file.resolve("model").toString(), "--bootstrap", "0")).isEqualTo(1);
    assertThat(errors()).contains("error: cannot read or write", "taken");
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    assertThat(run()).isEqualTo(2);
    assertThat(run("fit")).isEqualTo(2);
    assertThat(run("train", "--csv", "a.csv")).isEqualTo(2);
    assertThat(errors()).contains("train needs --treatment");
    assertThat(run("score", "--model", "m", "--epochs", "3")).isEqualTo(2);
    assertThat(errors()).contains("unknown option --epochs");
    assertThat(trainOnCampaign(dir.toString(), "--learner", "s-learner")).isEqualTo(2);
    assertThat(errors()).contains("unknown learner 's-learner'");
  }

  /** Trains on the shared synthetic campaign (treatment `treated`, outcome `converted`). */
  private int trainOnCampaign(String model, String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--csv",
                campaign.toString(),
                "--treatment",
                "treated",
                "--outcome",
                "converted",
                "--out",
                model));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }

  private int train(Path file, String treatment, String outcome) throws Exception {
    return run(
        "train",
        "--csv",
        file.toString(),
        "--treatment",
        treatment,
        "--outcome",
        outcome,
        "--out",
        dir.resolve("m").toString());
  }
}

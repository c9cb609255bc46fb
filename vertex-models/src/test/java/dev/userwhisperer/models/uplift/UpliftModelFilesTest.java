package dev.userwhisperer.models.uplift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.models.Progress;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpliftModelFilesTest {
  @TempDir Path dir;

  private static final SyntheticCampaign CAMPAIGN = SyntheticCampaign.generate(1500, 12, false);
  private static final FeatureEncoding ENCODING = CAMPAIGN.encoding();
  private static final UpliftData DATA = CAMPAIGN.data(ENCODING);

  private static UpliftModel train(UpliftLearner learner) throws Exception {
    return new UpliftTrainer(UpliftLearnersTest.SMALL)
        .train(learner, DATA, ENCODING.names(), Progress.silent());
  }

  @ParameterizedTest
  @EnumSource(UpliftLearner.class)
  void aSavedModelLoadsAndScoresExactlyAsTheTrainedOne(UpliftLearner learner) throws Exception {
    UpliftModel model = train(learner);

    String version = UpliftModelFiles.write(dir, model, ENCODING, Map.of("note", "test"));
    UpliftScorer loaded = UpliftModelFiles.load(dir);

    assertThat(loaded.version()).isEqualTo(version).hasSize(12);
    assertThat(loaded.model().learner()).isEqualTo(learner);
    assertThat(loaded.encoding()).isEqualTo(ENCODING);
    assertThat(loaded.model().treatedWeight()).isEqualTo(model.treatedWeight());
    assertThat(loaded.score(CAMPAIGN.table())).containsExactly(model.score(DATA.features()));
    assertThat(Files.readString(dir.resolve(UpliftModelFiles.MANIFEST_FILE)))
        .contains("\"note\" : \"test\"", "\"learner\" : \"" + learner.id() + "\"");
  }

  @Test
  void theVersionIsTheSameForTheSameModelAndDiffersForAnother() throws Exception {
    UpliftModel model = train(UpliftLearner.T);
    String first = UpliftModelFiles.write(dir.resolve("a"), model, ENCODING, Map.of());
    String again = UpliftModelFiles.write(dir.resolve("b"), model, ENCODING, Map.of("x", 1));
    String other =
        UpliftModelFiles.write(dir.resolve("c"), train(UpliftLearner.X), ENCODING, Map.of());

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aDirectoryWithoutAnUpliftManifestIsRejected() throws Exception {
    assertThatThrownBy(() -> UpliftModelFiles.load(dir))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("no uplift model");
    Files.writeString(dir.resolve(UpliftModelFiles.MANIFEST_FILE), "{\"format\": \"other\"}");
    assertThatThrownBy(() -> UpliftModelFiles.load(dir))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("is not a user-whisperer-uplift v1");
  }

  @Test
  void theQiniChartIsAPngWithTheCurveAndTheRandomLine() throws Exception {
    UpliftMetrics.Evaluation oracle =
        UpliftMetrics.evaluate("oracle", CAMPAIGN.trueEffect(), DATA, 0, 1L);
    Path file = dir.resolve("qini.png");

    UpliftReport.qiniChart(file, List.of(oracle));

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(hasColor(image, 0x1f77b4)).as("curve").isTrue();
    assertThat(hasColor(image, 0x808080)).as("random line").isTrue();
  }

  private static boolean hasColor(BufferedImage image, int rgb) {
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}

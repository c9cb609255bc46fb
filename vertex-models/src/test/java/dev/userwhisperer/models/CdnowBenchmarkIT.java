package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on the real CDNOW log with a short round budget; skipped where the data is absent. */
class CdnowBenchmarkIT {
  private static final TrainingConfig QUICK =
      new TrainingConfig(4, 0.2, 0.8, 0.8, 5.0, 1.0, 40, 10, 0.2, 1L, 1);

  private static CdnowData cdnow;

  @TempDir Path out;

  @BeforeAll
  static void readData() {
    Path data = Path.of(System.getProperty("cdnow.dir", "../../shared/data/cdnow"));
    assumeTrue(
        Files.isRegularFile(data.resolve(CdnowData.MASTER_FILE)), "no CDNOW data at " + data);
    cdnow = CdnowData.read(data);
  }

  @Test
  void sampleHistoriesReproduceThePublishedBgNbdFit() {
    var sample =
        new TrainingSetBuilder(CdnowBenchmark.HOLDOUT)
            .features(cdnow.purchases(), CdnowBenchmark.CUTOFF).stream()
                .filter(f -> cdnow.sampleCustomers().contains(f.customerId()))
                .toList();

    // 2,457 repeat purchase days in the calibration period; FHL 2005 report LL = -9582.4 at
    // their estimates, so these histories are built exactly as theirs
    assertThat(sample.stream().mapToInt(CustomerFeatures::frequency).sum()).isEqualTo(2457);
    double logLikelihood =
        sample.stream()
            .mapToDouble(
                f ->
                    BgNbd.CDNOW_PUBLISHED.logLikelihood(
                        f.frequency(), f.recencyWeeks(), f.ageWeeks()))
            .sum();
    assertThat(logLikelihood).isCloseTo(-9582.4, within(0.05));
  }

  @Test
  void realDataRunBeatsChanceAndExportsAServableModel() throws Exception {
    CdnowBenchmark.Result result =
        new CdnowBenchmark(
                QUICK,
                Progress.silent(),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .run(cdnow, out);

    assertThat(cdnow.sampleCustomers()).hasSize(2357);
    assertThat(result.xgboost().rows()).isEqualTo(2357);
    assertThat(result.trainingCustomers()).isEqualTo(23_570 - 2357);
    assertThat(result.xgboost().rocAuc()).isGreaterThan(0.7);
    assertThat(result.bgNbdNoPurchase().rocAuc()).isGreaterThan(0.7);
    for (String file :
        new String[] {
          "model.bst",
          "features.json",
          "model-metadata.json",
          "MODEL_CARD.md",
          "roc.png",
          "calibration.png"
        }) {
      assertThat(out.resolve(file)).isNotEmptyFile();
    }
    assertThat(Files.readString(out.resolve("MODEL_CARD.md"))).contains("| XGBoost |", "BG/NBD");
  }
}

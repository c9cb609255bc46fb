package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  @Test
  void identicalScoresDifferByExactlyZero() {
    double[] s = {0.1, 0.4, 0.35, 0.8, 0.2, 0.7};
    boolean[] y = {false, false, true, true, false, true};
    assertThat(PairedBootstrap.rocAucDifference(s, s, y, 200, 1))
        .isEqualTo(new PairedBootstrap.Interval(0, 0, 0));
  }

  @Test
  void informativeScoreBeatsNoiseWithAnIntervalAboveZero() {
    Random random = new Random(5);
    int n = 400;
    double[] informative = new double[n];
    double[] noise = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextBoolean();
      informative[i] = (labels[i] ? 1 : 0) + random.nextGaussian();
      noise[i] = random.nextDouble();
    }
    PairedBootstrap.Interval interval =
        PairedBootstrap.rocAucDifference(informative, noise, labels, 300, 9);
    assertThat(interval.lower()).isPositive();
    assertThat(interval.estimate()).isBetween(interval.lower(), interval.upper());
  }
}

package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class EffectSpreadEstimatorTest {

  @Test
  void twoReadingsPerUserGiveTheirSpreadAroundTheirMeanAndTheSpreadOfTheMeans() {
    // half the users read 0.2 ± 0.1, half −0.2 ± 0.1: σ² = 2 · 0.1², τ² = 0.2² − 0.1² (the
    // product of a user's two readings, each from the app's mean 0)
    List<MessageEffect> users = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      double d = i % 2 == 0 ? 0.2 : -0.2;
      users.add(readings(d + 0.1, d - 0.1));
    }

    EffectSpread spread = EffectSpreadEstimator.estimate(moments(users)).orElseThrow();

    assertThat(spread.mean()).isCloseTo(0, within(1e-12));
    assertThat(spread.noiseVariance()).isCloseTo(0.02, within(1e-12));
    assertThat(spread.spreadVariance()).isCloseTo(0.03, within(1e-12));
    assertThat(spread.users()).isEqualTo(120);
  }

  @Test
  void readingsThatDifferByNoMoreThanTheirNoiseShowNoSpreadAndMoveNobody() {
    List<MessageEffect> users = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      users.add(i % 2 == 0 ? readings(0.3, -0.3) : readings(-0.3, 0.3));
    }

    EffectSpread spread = EffectSpreadEstimator.estimate(moments(users)).orElseThrow();

    assertThat(spread.spreadVariance()).isZero();
    assertThat(spread.priorWeight()).isInfinite();
    assertThat(spread.deviation(readings(-0.9, -0.9, -0.9))).isZero();
  }

  @Test
  void tooFewUsersWithRepeatedReadingsGiveNoEstimate() {
    List<MessageEffect> users = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      users.add(readings(0.1, -0.1));
    }
    for (int i = 0; i < 5000; i++) {
      users.add(readings(0.5));
    }

    assertThat(EffectSpreadEstimator.estimate(moments(users))).isEmpty();
  }

  @Test
  void evidenceKeptWithoutItsSquaresIsLeftOutOfTheSums() {
    EffectMoments m =
        EffectMoments.none("a1").plus(new MessageEffect(3, 1.0)).plus(MessageEffect.NONE);

    assertThat(m).isEqualTo(EffectMoments.none("a1"));
  }

  @Property(tries = 40)
  void recoversTheSpreadAndNoiseOfSimulatedUsers(
      @ForAll @DoubleRange(min = 0, max = 0.2) double tau,
      // readings are clipped to [-1, 1]; up to 0.25 the clipping is rare enough (|mean| + 2.5
      // standard deviations < 1) not to bias the moments the assertions compare
      @ForAll @DoubleRange(min = 0.1, max = 0.25) double sigma,
      @ForAll @DoubleRange(min = -0.2, max = 0.2) double mean,
      @ForAll @IntRange(min = 2, max = 6) int readingsEach,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<MessageEffect> users = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      double own = mean + tau * gaussian(r);
      double[] x = new double[1 + r.nextInt(readingsEach)];
      for (int j = 0; j < x.length; j++) {
        x[j] = Math.max(-1, Math.min(1, own + sigma * gaussian(r)));
      }
      users.add(readings(x));
    }

    EffectSpread spread = EffectSpreadEstimator.estimate(moments(users)).orElseThrow();

    // five standard errors of a mean over 4,000 users with at least one reading each: the property
    // runs 40 tries per build, so its tolerance must hold far out in the tail
    double standardError = Math.sqrt((tau * tau + sigma * sigma) / 4000);
    assertThat(spread.mean()).isCloseTo(mean, within(5 * standardError));
    assertThat(spread.noiseVariance()).isCloseTo(sigma * sigma, within(0.15 * sigma * sigma));
    assertThat(spread.spreadVariance()).isCloseTo(tau * tau, within(0.012));
  }

  @Property
  void aUsersDeviationLiesBetweenNoneAndTheirOwnAndGrowsWithTheirReadings(
      @ForAll @DoubleRange(min = 0.001, max = 0.04) @Scale(4) double spread,
      @ForAll @DoubleRange(min = 0.05, max = 0.25) double noise,
      @ForAll @DoubleRange(min = -0.9, max = 0.9) double reading,
      @ForAll @IntRange(min = 1, max = 30) int n) {
    EffectSpread s = new EffectSpread(0.05, noise, spread, 500);
    double[] x = new double[n];
    java.util.Arrays.fill(x, reading);
    double[] more = new double[n + 1];
    java.util.Arrays.fill(more, reading);
    double own = reading - 0.05;

    double deviation = s.deviation(readings(x));

    assertThat(Math.abs(deviation)).isLessThanOrEqualTo(Math.abs(own) + 1e-12);
    assertThat(deviation * own).isGreaterThanOrEqualTo(0);
    assertThat(Math.abs(s.deviation(readings(more))))
        .isGreaterThanOrEqualTo(Math.abs(deviation) - 1e-12);
    assertThat(deviation).isCloseTo(n / (n + noise / spread) * own, within(1e-12));
  }

  static MessageEffect readings(double... x) {
    double sum = 0;
    double squares = 0;
    for (double v : x) {
      sum += v;
      squares += v * v;
    }
    return new MessageEffect(x.length, sum, squares);
  }

  private static EffectMoments moments(List<MessageEffect> users) {
    EffectMoments m = EffectMoments.none("a1");
    for (MessageEffect u : users) {
      m = m.plus(u);
    }
    return m;
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}

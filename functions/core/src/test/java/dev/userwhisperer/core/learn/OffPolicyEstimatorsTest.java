package dev.userwhisperer.core.learn;

import static dev.userwhisperer.core.message.Channel.EMAIL;
import static dev.userwhisperer.core.message.Channel.PUSH;
import static dev.userwhisperer.core.message.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.userwhisperer.core.message.Channel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Synthetic logs with a known answer. Users fall into three segments with probabilities 0.5, 0.3
 * and 0.2; each (segment, channel) has a known response rate; a randomised logging policy chose the
 * channel. The target policy sends each segment its best channel, so its true value is 0.5 &middot;
 * 0.20 + 0.3 &middot; 0.30 + 0.2 &middot; 0.25 = 0.24, while the logging policy earned 0.115.
 */
class OffPolicyEstimatorsTest {
  private static final Channel[] CHANNELS = {EMAIL, SMS, PUSH};
  private static final double[] SEGMENT_SHARE = {0.5, 0.3, 0.2};
  private static final double[][] RATE = {
    {0.10, 0.05, 0.20}, {0.30, 0.15, 0.05}, {0.05, 0.25, 0.10}
  };
  private static final double[][] LOGGING = {{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.5, 0.25, 0.25}};
  private static final Channel[] BEST = {PUSH, EMAIL, SMS};
  private static final double TRUE_VALUE = 0.24;

  private static final TargetPolicy<Integer, Channel> TARGET =
      segment -> Map.of(BEST[segment], 1.0);
  private static final RewardModel<Integer, Channel> TRUE_MODEL =
      (segment, channel) -> RATE[segment][channel.ordinal()];

  @Test
  void ipsSelfNormalisedIpsAndDoublyRobustRecoverTheTargetPolicysTrueValue() {
    List<LoggedDecision<Integer, Channel>> log = log(new SplittableRandom(42), 20_000);

    Estimate ips = OffPolicyEstimators.ips(log, TARGET);
    Estimate snips = OffPolicyEstimators.selfNormalisedIps(log, TARGET);
    Estimate dr = OffPolicyEstimators.doublyRobust(log, TARGET, TRUE_MODEL);

    assertThat(ips.value()).isCloseTo(TRUE_VALUE, within(3 * ips.standardError()));
    assertThat(snips.value()).isCloseTo(TRUE_VALUE, within(3 * snips.standardError()));
    assertThat(dr.value()).isCloseTo(TRUE_VALUE, within(3 * dr.standardError()));
    assertThat(ips.sampleSize()).isEqualTo(20_000);
  }

  @Test
  void trueValueAgreesWithSimulatingTheTargetPolicyOnFreshUsers() {
    RandomGenerator random = new SplittableRandom(1);
    int n = 200_000;
    int successes = 0;
    for (int i = 0; i < n; i++) {
      int segment = segment(random);
      successes += random.nextDouble() < RATE[segment][BEST[segment].ordinal()] ? 1 : 0;
    }

    assertThat((double) successes / n)
        .isCloseTo(TRUE_VALUE, within(3 * Math.sqrt(0.24 * 0.76 / n)));
  }

  /**
   * Per decision, an IPS term w&middot;r has variance E[p / &mu;] &minus; V&sup2; = 1.65 &minus;
   * 0.0576 = 1.5924 (r is 0 or 1, p the target channel's rate, &mu; its logging propensity); a
   * doubly robust term with the true model V(x) + w(r &minus; V(x)) has Var V(x) + E[p(1 &minus; p)
   * / &mu;] = 0.0019 + 1.265 = 1.2669. Both estimated standard errors must match &radic;(variance /
   * n) within 10 %: with weights up to 10 the terms are heavy-tailed (E[(w&middot;r)&#8308;]
   * &asymp; 114), so the estimated standard error itself fluctuates by about 2.4 % at n = 20,000,
   * and 10 % is 4 of those.
   */
  @Test
  void doublyRobustWithTheTrueRewardModelVariesLessThanIps() {
    int n = 20_000;
    List<LoggedDecision<Integer, Channel>> log = log(new SplittableRandom(43), n);

    Estimate ips = OffPolicyEstimators.ips(log, TARGET);
    Estimate dr = OffPolicyEstimators.doublyRobust(log, TARGET, TRUE_MODEL);

    assertThat(dr.standardError()).isLessThan(ips.standardError());
    assertThat(ips.standardError()).isCloseTo(Math.sqrt(1.5924 / n), withinPercentage(10));
    assertThat(dr.standardError()).isCloseTo(Math.sqrt(1.2669 / n), withinPercentage(10));
  }

  @Test
  void doublyRobustStaysUnbiasedWithAWrongRewardModel() {
    List<LoggedDecision<Integer, Channel>> log = log(new SplittableRandom(45), 20_000);

    Estimate dr = OffPolicyEstimators.doublyRobust(log, TARGET, (segment, channel) -> 0.5);

    assertThat(dr.value()).isCloseTo(TRUE_VALUE, within(3 * dr.standardError()));
  }

  @Test
  void zeroLoggingPropensityForAnActionTheTargetTakesIsAnError() {
    List<LoggedDecision<Integer, Channel>> log =
        new ArrayList<>(log(new SplittableRandom(46), 100));
    log.add(new LoggedDecision<>(0, PUSH, 0.0, 1.0));

    assertThatThrownBy(() -> OffPolicyEstimators.ips(log, TARGET))
        .isInstanceOf(PositivityViolationException.class)
        .hasMessageContaining("logged decision 100 took PUSH with propensity 0");
    assertThatThrownBy(() -> OffPolicyEstimators.selfNormalisedIps(log, TARGET))
        .isInstanceOf(PositivityViolationException.class);
    assertThatThrownBy(() -> OffPolicyEstimators.doublyRobust(log, TARGET, TRUE_MODEL))
        .isInstanceOf(PositivityViolationException.class);
  }

  @Test
  void zeroLoggingPropensityForAnActionTheTargetNeverTakesIsHarmless() {
    List<LoggedDecision<Integer, Channel>> log =
        new ArrayList<>(log(new SplittableRandom(47), 100));
    log.add(new LoggedDecision<>(0, EMAIL, 0.0, 1.0));

    assertThat(OffPolicyEstimators.ips(log, TARGET).sampleSize()).isEqualTo(101);
  }

  @Test
  void targetProbabilitiesMustFormADistribution() {
    List<LoggedDecision<Integer, Channel>> log = log(new SplittableRandom(48), 10);

    assertThatThrownBy(() -> OffPolicyEstimators.ips(log, segment -> Map.of(EMAIL, 0.5, SMS, 0.4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to 1");
  }

  /**
   * Thompson sampling with fixed posteriors as the logging policy: its logged Monte Carlo
   * propensities are good enough for IPS to recover the value of always sending e-mail.
   */
  @Test
  void thompsonSamplerPropensitiesSupportOffPolicyEvaluation() {
    SplittableRandom random = new SplittableRandom(49);
    ThompsonSampler sampler = new ThompsonSampler(random, 200);
    Map<Channel, BetaPosterior> beliefs = new EnumMap<>(Channel.class);
    beliefs.put(EMAIL, new BetaPosterior(3, 7));
    beliefs.put(SMS, new BetaPosterior(2, 8));
    beliefs.put(PUSH, new BetaPosterior(1.5, 8.5));
    double[] rate = {0.12, 0.20, 0.08};
    List<LoggedDecision<Integer, Channel>> log = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      ThompsonChoice<Channel> choice = sampler.choose(beliefs);
      double reward = random.nextDouble() < rate[choice.arm().ordinal()] ? 1 : 0;
      log.add(new LoggedDecision<>(0, choice.arm(), choice.propensity(), reward));
    }

    Estimate ips = OffPolicyEstimators.ips(log, context -> Map.of(EMAIL, 1.0));

    assertThat(ips.value()).isCloseTo(0.12, within(3 * ips.standardError()));
  }

  private static List<LoggedDecision<Integer, Channel>> log(RandomGenerator random, int n) {
    List<LoggedDecision<Integer, Channel>> log = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int segment = segment(random);
      int action = draw(random, LOGGING[segment]);
      double reward = random.nextDouble() < RATE[segment][action] ? 1 : 0;
      log.add(new LoggedDecision<>(segment, CHANNELS[action], LOGGING[segment][action], reward));
    }
    return log;
  }

  private static int segment(RandomGenerator random) {
    return draw(random, SEGMENT_SHARE);
  }

  private static int draw(RandomGenerator random, double[] probabilities) {
    double u = random.nextDouble();
    for (int i = 0; i < probabilities.length - 1; i++) {
      u -= probabilities[i];
      if (u < 0) {
        return i;
      }
    }
    return probabilities.length - 1;
  }
}

package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.message.Channel;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ThompsonSamplerTest {

  /**
   * A Bernoulli bandit with rates 0.1, 0.2, 0.3 played for T = 2,000 rounds from Beta(1, 1) priors.
   * Lai and Robbins (1985) bound the expected regret of any consistent policy from below by
   * &Sigma;<sub>a</sub> &Delta;<sub>a</sub> ln T / KL(&mu;<sub>a</sub>, &mu;*) = (0.1 / 0.0257 +
   * 0.2 / 0.1163) &middot; ln 2000 &asymp; 5.6 &middot; 7.6 &asymp; 43, and Thompson sampling
   * attains that rate (Kaufmann, Korda, Munos 2012; Agrawal, Goyal 2013). Choosing uniformly at
   * random costs 0.1 per round, 200 in all. So each of ten seeded runs must stay below 100 (2.3
   * times the asymptotic rate, half of uniform; single runs are skewed by an early unlucky streak),
   * their mean below 60 (1.4 times the rate), and the best arm must take more than 400 of the last
   * 500 rounds. Measured: mean 30, worst run 78.
   */
  @Test
  void convergesToTheBestArmWithRegretWellBelowUniformChoice() {
    double[] rates = {0.1, 0.2, 0.3};
    int rounds = 2_000;
    double totalRegret = 0;
    for (long seed = 1; seed <= 10; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      ThompsonSampler sampler = new ThompsonSampler(random, 20);
      Map<Integer, BetaPosterior> posteriors = new TreeMap<>();
      for (int arm = 0; arm < rates.length; arm++) {
        posteriors.put(arm, BetaPosterior.UNIFORM);
      }
      double regret = 0;
      int bestInLast500 = 0;
      for (int t = 0; t < rounds; t++) {
        int arm = sampler.choose(posteriors).arm();
        boolean success = random.nextDouble() < rates[arm];
        posteriors.put(
            arm, success ? posteriors.get(arm).withSuccess() : posteriors.get(arm).withFailure());
        regret += rates[2] - rates[arm];
        if (t >= rounds - 500 && arm == 2) {
          bestInLast500++;
        }
      }
      totalRegret += regret;
      assertThat(regret).as("regret with seed %d", seed).isLessThan(100);
      assertThat(bestInLast500)
          .as("best arm in the last 500 rounds, seed %d", seed)
          .isGreaterThan(400);
    }
    assertThat(totalRegret / 10).as("mean regret over ten seeds").isLessThan(60);
  }

  @Test
  void newUserChoosesAsTheAppPriorSuggests() {
    Map<Channel, BetaPosterior> app = new EnumMap<>(Channel.class);
    app.put(Channel.EMAIL, new BetaPosterior(300, 700));
    app.put(Channel.SMS, new BetaPosterior(100, 900));
    app.put(Channel.PUSH, new BetaPosterior(50, 950));
    HierarchicalPrior prior = new HierarchicalPrior(10);
    Map<Channel, BetaPosterior> newUser = new EnumMap<>(Channel.class);
    app.forEach((channel, belief) -> newUser.put(channel, prior.userPrior(belief)));
    ThompsonSampler sampler = new ThompsonSampler(new SplittableRandom(7), 2_000);

    ThompsonChoice<Channel> choice = sampler.choose(newUser);

    assertThat(choice.propensities().get(Channel.EMAIL))
        .isGreaterThan(choice.propensities().get(Channel.SMS))
        .isGreaterThan(0.6);
    assertThat(choice.propensities().get(Channel.SMS))
        .isGreaterThan(choice.propensities().get(Channel.PUSH));
    ThompsonSampler singleDraw = new ThompsonSampler(new SplittableRandom(8), 1);
    Map<Channel, Integer> chosen = new EnumMap<>(Channel.class);
    for (int i = 0; i < 2_000; i++) {
      chosen.merge(singleDraw.choose(newUser).arm(), 1, Integer::sum);
    }
    assertThat(chosen.get(Channel.EMAIL) / 2_000.0)
        .isCloseTo(choice.propensities().get(Channel.EMAIL), within(0.05));
  }

  @Test
  void usersOwnOutcomesOverrideTheAppPrior() {
    HierarchicalPrior prior = new HierarchicalPrior(10);
    Map<Channel, BetaPosterior> user = new EnumMap<>(Channel.class);
    user.put(Channel.EMAIL, prior.userPosterior(new BetaPosterior(300, 700), 0, 15));
    user.put(Channel.SMS, prior.userPosterior(new BetaPosterior(100, 900), 9, 3));

    ThompsonChoice<Channel> choice =
        new ThompsonSampler(new SplittableRandom(3), 2_000).choose(user);

    assertThat(choice.propensities().get(Channel.SMS)).isGreaterThan(0.95);
  }

  @Test
  void propensitiesOfAllArmsSumToOneAndIncludeTheChosenArm() {
    Map<Integer, BetaPosterior> hours = new HashMap<>();
    for (int hour = 0; hour < 168; hour++) {
      hours.put(hour, new BetaPosterior(1 + hour % 7, 20));
    }

    ThompsonChoice<Integer> choice =
        new ThompsonSampler(new SplittableRandom(11), 1_000).choose(hours);

    assertThat(choice.propensities()).hasSize(168);
    assertThat(choice.propensities().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    assertThat(choice.propensity())
        .isEqualTo(choice.propensities().get(choice.arm()))
        .isGreaterThan(0);
  }

  /**
   * For X ~ Beta(2, 1), Y ~ Beta(1, 1): P(X &gt; Y) = &int;&#8320;&sup1; 2x &middot; x dx = 2/3.
   */
  @Test
  void propensityMatchesTheExactTwoArmProbabilityWithinMonteCarloError() {
    int draws = 20_000;
    ThompsonChoice<String> choice =
        new ThompsonSampler(new SplittableRandom(5), draws)
            .choose(Map.of("a", new BetaPosterior(2, 1), "b", BetaPosterior.UNIFORM));

    double standardError = Math.sqrt(2.0 / 3 * (1.0 / 3) / draws);
    assertThat(choice.propensities().get("a")).isCloseTo(2.0 / 3, within(4 * standardError));
  }

  @Test
  void sameSeedGivesTheSameChoiceWhateverTheMapOrder() {
    Map<String, BetaPosterior> forward = new LinkedHashMap<>();
    Map<String, BetaPosterior> backward = new LinkedHashMap<>();
    String[] arms = {"a", "b", "c", "d"};
    for (int i = 0; i < arms.length; i++) {
      forward.put(arms[i], new BetaPosterior(2 + i, 5));
      backward.put(arms[arms.length - 1 - i], new BetaPosterior(5 - i, 5));
    }

    assertThat(new ThompsonSampler(new SplittableRandom(9), 500).choose(forward))
        .isEqualTo(new ThompsonSampler(new SplittableRandom(9), 500).choose(backward));
  }

  @Test
  void noArmsIsAnError() {
    assertThatThrownBy(
            () ->
                new ThompsonSampler(new SplittableRandom(1), 10)
                    .choose(Map.<String, BetaPosterior>of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

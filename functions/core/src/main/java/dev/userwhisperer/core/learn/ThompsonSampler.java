package dev.userwhisperer.core.learn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Thompson sampling among arms (channels, hour-of-week buckets, variants, interventions): draw one
 * value from each arm's posterior ({@link Belief}: a Beta rate, a normal effect) and choose the arm
 * with the highest draw.
 *
 * <p>The propensity, P(arm a has the highest draw) = &int; f<sub>a</sub>(x) &prod;<sub>b&ne;a</sub>
 * F<sub>b</sub>(x) dx, is estimated by Monte Carlo: the sampler makes {@code draws} independent
 * rounds of one draw per arm, and the first round is the decision itself. The propensity of arm a
 * is W<sub>a</sub> / N, W<sub>a</sub> the rounds it won out of N. So the propensities sum to
 * exactly 1, every estimate is unbiased over the decision's randomness, its standard error is
 * &radic;(p(1 &minus; p) / N), and the chosen arm's propensity is at least 1 / N: a logged decision
 * never carries propensity 0, and its inverse-propensity weight is at most N. Counting the
 * decision's round also keeps importance weights unbiased: given that arm a (true probability p) is
 * chosen, W<sub>a</sub> = 1 + Binomial(N &minus; 1, p), and E[1{chosen = a} &middot; N /
 * W<sub>a</sub>] = 1 &minus; (1 &minus; p)<sup>N</sup>, which is 1 up to a term negligible for any
 * p &gg; 1/N. (Exact numeric integration was not chosen because it needs the incomplete Beta
 * function and a quadrature that follows sharply peaked posteriors; Monte Carlo works for any
 * number of arms.)
 *
 * <p>Arms are visited in their natural order, so that a seeded generator reproduces the same
 * choices whatever the iteration order of the map passed in. Cost: N &times; arms Beta draws per
 * decision (168 hour-of-week buckets at N = 1,000: 168,000 draws).
 */
public final class ThompsonSampler {
  /** Enough draws for a propensity standard error of at most 0.016 (at p = 0.5). */
  public static final int DEFAULT_DRAWS = 1_000;

  private final RandomGenerator random;
  private final int draws;

  /**
   * @param random the source of every draw; seed it to reproduce decisions
   * @param draws N, the Monte Carlo rounds per decision, the decision's own round included
   * @throws IllegalArgumentException if draws is not positive
   */
  public ThompsonSampler(RandomGenerator random, int draws) {
    this.random = Objects.requireNonNull(random, "random");
    if (draws < 1) {
      throw new IllegalArgumentException("draws must be positive, was " + draws);
    }
    this.draws = draws;
  }

  /**
   * Chooses one arm and estimates every arm's propensity.
   *
   * @param posteriors the belief about each arm's success rate; at least one arm
   * @throws IllegalArgumentException if there is no arm
   */
  public <K extends Comparable<? super K>> ThompsonChoice<K> choose(
      Map<K, ? extends Belief> posteriors) {
    return choose(posteriors, (arm, draw) -> draw);
  }

  /** What choosing an arm is worth when its rate is drawn as {@code draw}. */
  @FunctionalInterface
  public interface ArmValue<K> {
    double of(K arm, double draw);
  }

  /**
   * Chooses the arm of the highest value of its draw (a rate turned into what the arm is worth,
   * such as an effect less a cost) and estimates every arm's propensity the same way.
   *
   * @param posteriors the belief about each arm's success rate; at least one arm
   * @throws IllegalArgumentException if there is no arm
   */
  public <K extends Comparable<? super K>> ThompsonChoice<K> choose(
      Map<K, ? extends Belief> posteriors, ArmValue<K> value) {
    Objects.requireNonNull(posteriors, "posteriors");
    Objects.requireNonNull(value, "value");
    if (posteriors.isEmpty()) {
      throw new IllegalArgumentException("at least one arm is needed");
    }
    List<K> arms = new ArrayList<>(posteriors.keySet());
    arms.sort(null);
    Belief[] beliefs = new Belief[arms.size()];
    for (int i = 0; i < beliefs.length; i++) {
      beliefs[i] =
          Objects.requireNonNull(posteriors.get(arms.get(i)), "posterior of " + arms.get(i));
    }
    int[] wins = new int[beliefs.length];
    double[] drawn = new double[beliefs.length];
    double[] decisionDraws = new double[beliefs.length];
    int chosen = -1;
    for (int round = 0; round < draws; round++) {
      int winner = highestValue(arms, beliefs, value, drawn);
      wins[winner]++;
      if (round == 0) {
        chosen = winner;
        System.arraycopy(drawn, 0, decisionDraws, 0, drawn.length);
      }
    }
    Map<K, Double> propensities = new LinkedHashMap<>();
    Map<K, Double> decisionRound = new LinkedHashMap<>();
    for (int i = 0; i < beliefs.length; i++) {
      propensities.put(arms.get(i), (double) wins[i] / draws);
      decisionRound.put(arms.get(i), decisionDraws[i]);
    }
    K arm = arms.get(chosen);
    return new ThompsonChoice<>(arm, propensities.get(arm), propensities, draws, decisionRound);
  }

  /** The arm of the highest value this round, each arm's draw left in {@code drawn}. */
  private <K> int highestValue(List<K> arms, Belief[] beliefs, ArmValue<K> value, double[] drawn) {
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < beliefs.length; i++) {
      drawn[i] = beliefs[i].sample(random);
      double v = value.of(arms.get(i), drawn[i]);
      if (v > bestValue) {
        best = i;
        bestValue = v;
      }
    }
    return best;
  }
}

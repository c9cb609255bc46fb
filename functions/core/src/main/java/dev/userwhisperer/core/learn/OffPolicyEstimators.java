package dev.userwhisperer.core.learn;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Estimates the expected reward per decision V(&pi;) of a target policy &pi; from decisions logged
 * by another policy &mu;, with their propensities. For logged decision i with context
 * x<sub>i</sub>, action a<sub>i</sub>, propensity &mu;<sub>i</sub> and reward r<sub>i</sub>, the
 * importance weight is w<sub>i</sub> = &pi;(a<sub>i</sub> | x<sub>i</sub>) / &mu;<sub>i</sub>.
 *
 * <ul>
 *   <li>IPS: V&#770; = (1/n) &Sigma; w<sub>i</sub> r<sub>i</sub>, unbiased when the propensities
 *       are right; standard error s / &radic;n, s the sample standard deviation of w<sub>i</sub>
 *       r<sub>i</sub>.
 *   <li>Self-normalised IPS: V&#770; = &Sigma; w<sub>i</sub> r<sub>i</sub> / &Sigma; w<sub>i</sub>,
 *       biased by O(1/n) but bounded by the rewards and usually less variable; delta-method
 *       standard error &radic;(&Sigma; w<sub>i</sub>&sup2; (r<sub>i</sub> &minus; V&#770;)&sup2;) /
 *       &Sigma; w<sub>i</sub>.
 *   <li>Doubly robust: V&#770; = (1/n) &Sigma; [&Sigma;<sub>a</sub> &pi;(a | x<sub>i</sub>)
 *       r&#770;(x<sub>i</sub>, a) + w<sub>i</sub> (r<sub>i</sub> &minus; r&#770;(x<sub>i</sub>,
 *       a<sub>i</sub>))], unbiased if either the propensities or the reward model r&#770; are
 *       right, and less variable than IPS the better r&#770; is; standard error s / &radic;n over
 *       the bracketed terms.
 * </ul>
 *
 * <p>All three need positivity: wherever &pi; takes a logged action, &mu; must have taken it with
 * positive probability. A logged propensity of 0 for an action with &pi; &gt; 0 raises {@link
 * PositivityViolationException} instead of being skipped, which would bias the estimate. An action
 * &pi; takes but &mu; never took in some context does not appear in the log and cannot be detected
 * here; that is the logging policy's contract (Thompson sampling gives every arm positive
 * probability).
 */
public final class OffPolicyEstimators {
  private static final double SUM_TOLERANCE = 1e-6;

  private OffPolicyEstimators() {}

  /**
   * Inverse propensity scoring.
   *
   * @throws IllegalArgumentException if the log has fewer than 2 decisions or the target policy's
   *     probabilities are not a distribution
   * @throws PositivityViolationException on a logged propensity of 0 where the target acts
   */
  public static <C, A> Estimate ips(
      List<LoggedDecision<C, A>> log, TargetPolicy<? super C, A> target) {
    requireLog(log, target);
    double[] terms = new double[log.size()];
    for (int i = 0; i < terms.length; i++) {
      LoggedDecision<C, A> d = log.get(i);
      terms[i] = weight(i, d, distribution(target, d.context())) * d.reward();
    }
    return meanWithStandardError(terms);
  }

  /**
   * Self-normalised inverse propensity scoring.
   *
   * @throws IllegalArgumentException if the log has fewer than 2 decisions, the target policy's
   *     probabilities are not a distribution, or the target takes none of the logged actions
   * @throws PositivityViolationException on a logged propensity of 0 where the target acts
   */
  public static <C, A> Estimate selfNormalisedIps(
      List<LoggedDecision<C, A>> log, TargetPolicy<? super C, A> target) {
    requireLog(log, target);
    int n = log.size();
    double[] weights = new double[n];
    double weightSum = 0;
    double weightedRewards = 0;
    for (int i = 0; i < n; i++) {
      LoggedDecision<C, A> d = log.get(i);
      weights[i] = weight(i, d, distribution(target, d.context()));
      weightSum += weights[i];
      weightedRewards += weights[i] * d.reward();
    }
    if (weightSum == 0.0) {
      throw new IllegalArgumentException("the target policy takes none of the logged actions");
    }
    double value = weightedRewards / weightSum;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double residual = weights[i] * (log.get(i).reward() - value);
      squares += residual * residual;
    }
    return new Estimate(value, Math.sqrt(squares) / weightSum, n);
  }

  /**
   * Doubly robust estimation.
   *
   * @throws IllegalArgumentException if the log has fewer than 2 decisions, the target policy's
   *     probabilities are not a distribution, or the reward model returns a non-finite value
   * @throws PositivityViolationException on a logged propensity of 0 where the target acts
   */
  public static <C, A> Estimate doublyRobust(
      List<LoggedDecision<C, A>> log,
      TargetPolicy<? super C, A> target,
      RewardModel<? super C, ? super A> model) {
    requireLog(log, target);
    Objects.requireNonNull(model, "model");
    double[] terms = new double[log.size()];
    for (int i = 0; i < terms.length; i++) {
      LoggedDecision<C, A> d = log.get(i);
      Map<A, Double> pi = distribution(target, d.context());
      double direct = 0;
      for (Map.Entry<A, Double> e : pi.entrySet()) {
        if (e.getValue() > 0.0) {
          direct += e.getValue() * modelled(model, d.context(), e.getKey());
        }
      }
      double w = weight(i, d, pi);
      terms[i] =
          direct + (w == 0.0 ? 0.0 : w * (d.reward() - modelled(model, d.context(), d.action())));
    }
    return meanWithStandardError(terms);
  }

  private static <C, A> void requireLog(
      List<LoggedDecision<C, A>> log, TargetPolicy<? super C, A> target) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(target, "target");
    if (log.size() < 2) {
      throw new IllegalArgumentException(
          "a standard error needs at least 2 decisions, had " + log.size());
    }
  }

  private static <C, A> Map<A, Double> distribution(TargetPolicy<? super C, A> target, C context) {
    Map<A, Double> pi =
        Objects.requireNonNull(target.probabilities(context), "target probabilities");
    double sum = 0;
    for (Double p : pi.values()) {
      if (p == null || !(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("target probabilities must be in [0, 1]: " + pi);
      }
      sum += p;
    }
    if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
      throw new IllegalArgumentException(
          "target probabilities must sum to 1, summed to " + sum + ": " + pi);
    }
    return pi;
  }

  private static <A> double weight(int index, LoggedDecision<?, A> d, Map<A, Double> pi) {
    double p = pi.getOrDefault(d.action(), 0.0);
    if (p == 0.0) {
      return 0.0;
    }
    if (d.propensity() == 0.0) {
      throw new PositivityViolationException(index, d.action(), p);
    }
    return p / d.propensity();
  }

  private static <C, A> double modelled(
      RewardModel<? super C, ? super A> model, C context, A action) {
    double r = model.expectedReward(context, action);
    if (!Double.isFinite(r)) {
      throw new IllegalArgumentException("reward model gave " + r + " for " + action);
    }
    return r;
  }

  private static Estimate meanWithStandardError(double[] terms) {
    int n = terms.length;
    double sum = 0;
    for (double t : terms) {
      sum += t;
    }
    double mean = sum / n;
    double squares = 0;
    for (double t : terms) {
      squares += (t - mean) * (t - mean);
    }
    return new Estimate(mean, Math.sqrt(squares / (n - 1) / n), n);
  }
}

package dev.userwhisperer.core.learn;

import java.util.Objects;

/**
 * Turns the app-wide posterior of an arm into the prior of one user, so that a new user starts at
 * the app's rate and then moves with their own outcomes.
 *
 * <p>Moment matching on the mean, with the spread set by a pseudo-count: for the app posterior
 * Beta(&alpha;, &beta;) with mean m = &alpha; / (&alpha; + &beta;), the user prior is
 *
 * <pre>
 *   k' = min(k, &alpha; + &beta;)
 *   prior = Beta(k'&middot;m, k'&middot;(1 &minus; m))      mean m, variance m(1 &minus; m) / (k' + 1)
 * </pre>
 *
 * <p>so the user prior has the app's mean and is worth k' observations of this user: after n of the
 * user's own outcomes with s successes the posterior mean is (k'm + s) / (k' + n), the app rate
 * shrunk towards the user's own rate with weight n / (k' + n). A strength k of 5 to 20 lets a
 * user's first handful of opens and clicks matter. The cap k' &le; &alpha; + &beta; keeps a user's
 * prior from claiming more certainty than the app itself has (a new app with Beta(1, 1) gives
 * Beta(1, 1) rather than a confident prior at 0.5).
 *
 * @param strength k, the pseudo-count the user prior carries at most, positive and finite
 */
public record HierarchicalPrior(double strength) {
  /** k = 10: the app rate counts as ten of the user's own observations. */
  public static final HierarchicalPrior DEFAULT = new HierarchicalPrior(10.0);

  public HierarchicalPrior {
    RandomVariates.requirePositiveFinite(strength, "strength");
  }

  /** The prior of a user who has no outcome on this arm yet. */
  public BetaPosterior userPrior(BetaPosterior app) {
    Objects.requireNonNull(app, "app");
    double k = Math.min(strength, app.strength());
    double m = app.mean();
    return new BetaPosterior(k * m, k * (1.0 - m));
  }

  /** The user's posterior: the user prior updated with the user's own successes and failures. */
  public BetaPosterior userPosterior(BetaPosterior app, long successes, long failures) {
    return userPrior(app).update(successes, failures);
  }
}

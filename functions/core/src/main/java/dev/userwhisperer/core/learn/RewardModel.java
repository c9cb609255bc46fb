package dev.userwhisperer.core.learn;

/**
 * r&#770;(x, a), a model of the expected reward of action a in context x, as used by the doubly
 * robust estimator. It need not be right: a wrong model costs variance, not bias, as long as the
 * logged propensities are right.
 *
 * @param <C> the context type
 * @param <A> the action type
 */
@FunctionalInterface
public interface RewardModel<C, A> {
  /** The expected reward of {@code action} in {@code context}, finite. */
  double expectedReward(C context, A action);
}

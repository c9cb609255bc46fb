package dev.userwhisperer.core.learn;

import java.util.Objects;

/**
 * One logged decision of the logging policy &mu;: the context it saw, the action it took, the
 * probability &mu;(action | context) with which it took it, and the reward observed (1 for an
 * attributed success, 0 otherwise, or any real-valued outcome).
 *
 * <p>A propensity of 0 is accepted here, because logs written by other policies may carry one; the
 * estimators reject it wherever the target policy would take that action (see {@link
 * PositivityViolationException}).
 *
 * @param context the features the policy saw
 * @param action the action taken
 * @param propensity &mu;(action | context), in [0, 1]
 * @param reward the observed reward, finite
 * @param <C> the context type
 * @param <A> the action type
 */
public record LoggedDecision<C, A>(C context, A action, double propensity, double reward) {
  public LoggedDecision {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(action, "action");
    if (!(propensity >= 0.0 && propensity <= 1.0)) {
      throw new IllegalArgumentException("propensity must be in [0, 1], was " + propensity);
    }
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException("reward must be finite, was " + reward);
    }
  }
}

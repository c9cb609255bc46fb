package dev.userwhisperer.core.learn;

import java.util.Map;

/**
 * The policy &pi; under evaluation: for a context, the probability of each action.
 *
 * @param <C> the context type
 * @param <A> the action type
 */
@FunctionalInterface
public interface TargetPolicy<C, A> {
  /**
   * @return &pi;(a | context) for every action a the policy may take, each in [0, 1], summing to 1;
   *     an action absent from the map has probability 0
   */
  Map<A, Double> probabilities(C context);
}

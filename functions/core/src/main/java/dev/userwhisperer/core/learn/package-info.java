/**
 * Learning per user: Thompson sampling over Beta posteriors with a hierarchical (app-wide) prior,
 * the attribution rule that turns a sent message and the user's later events into a success or a
 * failure, and off-policy estimators (IPS, self-normalised IPS, doubly robust) that evaluate a
 * policy from a log of decisions and their propensities.
 *
 * <p>Pure library code: every random draw comes from an injected {@link
 * java.util.random.RandomGenerator}, so that a seeded generator reproduces every decision.
 */
package dev.userwhisperer.core.learn;

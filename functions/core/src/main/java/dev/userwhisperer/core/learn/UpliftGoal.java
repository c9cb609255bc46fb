package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.ArmOutcomes;

/**
 * The outcome an intervention is meant to change, and so the one its uplift is measured on: whether
 * the user stays active, or whether they start paying.
 */
public enum UpliftGoal {
  /** Activity within the attribution window (winbacks, tips, welcomes). */
  RETENTION,
  /** A subscription started or upgraded within the window (trial reminders, upgrade offers). */
  CONVERSION;

  /** The decisions of the arm that reached this goal. */
  public long successes(ArmOutcomes arm) {
    return this == RETENTION ? arm.retained() : arm.converted();
  }
}

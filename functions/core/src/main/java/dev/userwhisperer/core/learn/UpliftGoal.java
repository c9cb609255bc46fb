package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.ArmOutcomes;

/**
 * The outcome an intervention is meant to change, and so the one its uplift is measured on: whether
 * the user stays active, or whether they start paying.
 */
public enum UpliftGoal {
  /**
   * Retained at the window's end: activity in its second week, days 8 to 14 after the decision
   * (winbacks, tips, welcomes).
   */
  RETENTION,
  /** A subscription started or upgraded within the window (trial reminders, upgrade offers). */
  CONVERSION;

  /** The decisions of the arm that reached this goal. */
  public long successes(ArmOutcomes arm) {
    return this == RETENTION ? arm.retained() : arm.converted();
  }
}

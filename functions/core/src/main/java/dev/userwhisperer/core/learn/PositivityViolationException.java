package dev.userwhisperer.core.learn;

/**
 * The target policy takes an action that the log says the logging policy took with probability 0,
 * so its importance weight &pi; / &mu; is infinite and no unbiased estimate exists from this log.
 */
public final class PositivityViolationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  PositivityViolationException(int index, Object action, double targetProbability) {
    super(
        "logged decision "
            + index
            + " took "
            + action
            + " with propensity 0, but the target policy takes it with probability "
            + targetProbability);
  }
}

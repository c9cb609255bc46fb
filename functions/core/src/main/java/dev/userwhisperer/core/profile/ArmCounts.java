package dev.userwhisperer.core.profile;

/**
 * Outcomes observed on one arm (a channel or an hour-of-week bucket): messages that got a response
 * within the attribution window and messages that did not.
 *
 * @param successes opened, clicked or converted within the window, not negative
 * @param failures no response within the window, not negative
 */
public record ArmCounts(long successes, long failures) {
  public static final ArmCounts NONE = new ArmCounts(0, 0);
  public static final ArmCounts SUCCESS = new ArmCounts(1, 0);
  public static final ArmCounts FAILURE = new ArmCounts(0, 1);

  public ArmCounts {
    if (successes < 0 || failures < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: successes=" + successes + ", failures=" + failures);
    }
  }

  public ArmCounts plus(ArmCounts other) {
    return new ArmCounts(successes + other.successes, failures + other.failures);
  }
}

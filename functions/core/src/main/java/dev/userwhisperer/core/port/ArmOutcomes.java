package dev.userwhisperer.core.port;

/**
 * What became of the decisions of one arm (treated or control) of an uplift cell.
 *
 * @param decisions how many decisions the arm holds
 * @param retained how many of them were followed by activity in the attribution window's second
 *     week (retained at 14 days)
 * @param converted how many of them were followed by a subscription start or upgrade within it
 */
public record ArmOutcomes(long decisions, long retained, long converted) {
  public static final ArmOutcomes NONE = new ArmOutcomes(0, 0, 0);

  public ArmOutcomes {
    if (decisions < 0 || retained < 0 || converted < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: " + decisions + ", " + retained + ", " + converted);
    }
    if (retained > decisions || converted > decisions) {
      throw new IllegalArgumentException(
          "retained ("
              + retained
              + ") and converted ("
              + converted
              + ") cannot exceed decisions ("
              + decisions
              + ")");
    }
  }
}

package dev.userwhisperer.core.decide;

import java.util.Objects;

/**
 * What decide believes an intervention does for one user, and what said so: a normal posterior of
 * the effect in two parts, the intervention's effect on users like this one and this user's own
 * deviation from it.
 *
 * <p>The two parts are apart because they are learned apart. Which intervention is better is
 * learned by the table's cells or a model per intervention ({@code standardDeviation}); how
 * messages move this user, by their own readings, one deviation shared by every intervention
 * ({@code ownStandardDeviation}, {@link PersonalUplift}). So a ranking draws each intervention's
 * part on its own and the user's part once for all of them ({@link InterventionRanking}).
 *
 * @param uplift the posterior mean: the expected effect on the intervention's goal, in probability
 *     points, within [-1, 1]
 * @param standardDeviation the posterior standard deviation of the intervention's effect on users
 *     like this one, finite and not negative (0: a model that states no uncertainty, taken at its
 *     word)
 * @param ownStandardDeviation the posterior standard deviation of this user's own deviation from
 *     that effect, finite and not negative; 0 where nothing models it
 * @param source which kind of model decided
 * @param modelVersion the version of the per-user model, null unless {@code source} is {@link
 *     Source#MODEL}
 * @param rawScore the per-user model's raw score, before its calibration; null unless {@code
 *     source} is {@link Source#MODEL}
 */
public record PredictedEffect(
    double uplift,
    double standardDeviation,
    double ownStandardDeviation,
    Source source,
    String modelVersion,
    Double rawScore) {

  /** Which kind of model gave the effect, as the decision log names it. */
  public enum Source {
    /** The documented priors ({@link PriorUpliftModel}): no data yet. */
    PRIOR("prior"),
    /** The app's treated-versus-held-out table per intervention and lifecycle stage. */
    TABLE("table"),
    /** A per-user treatment-effect model promoted by the learn job, shrunk toward the user. */
    MODEL("model");

    private final String code;

    Source(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public PredictedEffect {
    if (!(uplift >= -1 && uplift <= 1)) {
      throw new IllegalArgumentException("uplift must be within [-1, 1]: " + uplift);
    }
    requireSpread(standardDeviation, "standardDeviation");
    requireSpread(ownStandardDeviation, "ownStandardDeviation");
    Objects.requireNonNull(source, "source");
    if ((source == Source.MODEL) != (modelVersion != null)) {
      throw new IllegalArgumentException("a model version goes with the source model only");
    }
    if (rawScore != null && (source != Source.MODEL || !Double.isFinite(rawScore))) {
      throw new IllegalArgumentException("a raw score is a model's, and finite: " + rawScore);
    }
  }

  /** An effect with no raw model score. */
  public PredictedEffect(
      double uplift,
      double standardDeviation,
      double ownStandardDeviation,
      Source source,
      String modelVersion) {
    this(uplift, standardDeviation, ownStandardDeviation, source, modelVersion, null);
  }

  /** A prior taken at its word: no spread. */
  static PredictedEffect prior(double uplift) {
    return new PredictedEffect(uplift, 0, 0, Source.PRIOR, null);
  }

  /** This effect moved to {@code uplift}, with this user's own part of the spread. */
  PredictedEffect personal(double uplift, double ownStandardDeviation) {
    return new PredictedEffect(
        uplift, standardDeviation, ownStandardDeviation, source, modelVersion, rawScore);
  }

  /** The posterior standard deviation of this user's effect: both parts, independent. */
  double totalStandardDeviation() {
    return Math.hypot(standardDeviation, ownStandardDeviation);
  }

  private static void requireSpread(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and not negative: " + value);
    }
  }
}

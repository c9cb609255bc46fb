package dev.userwhisperer.core.decide;

import java.util.Objects;

/**
 * What decide expects an intervention to do for one user, and what said so.
 *
 * @param uplift the expected effect on the intervention's goal, in probability points, within [-1,
 *     1]
 * @param source which kind of model decided
 * @param modelVersion the version of the per-user model, null unless {@code source} is {@link
 *     Source#MODEL}
 */
public record PredictedEffect(double uplift, Source source, String modelVersion) {

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
    Objects.requireNonNull(source, "source");
    if ((source == Source.MODEL) != (modelVersion != null)) {
      throw new IllegalArgumentException("a model version goes with the source model only");
    }
  }

  static PredictedEffect prior(double uplift) {
    return new PredictedEffect(uplift, Source.PRIOR, null);
  }
}

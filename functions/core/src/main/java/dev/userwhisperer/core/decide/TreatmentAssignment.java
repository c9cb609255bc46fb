package dev.userwhisperer.core.decide;

/**
 * The randomized arm a marketing decision fell in, for the training rows of the per-user uplift
 * models ({@code decision_features}).
 *
 * @param treated whether the decision sends (now or deferred)
 * @param probability the probability that a decision like this one (the same intervention, user and
 *     state, so the same side of the uplift gate) is treated, whichever arm it fell in: what an
 *     estimate weighs the row by, 1/p when treated and 1/(1 − p) when not; strictly between 0 and 1
 */
record TreatmentAssignment(boolean treated, double probability) {
  TreatmentAssignment {
    if (!(probability > 0 && probability < 1)) {
      throw new IllegalArgumentException(
          "a randomized arm's probability is within (0, 1): " + probability);
    }
  }
}

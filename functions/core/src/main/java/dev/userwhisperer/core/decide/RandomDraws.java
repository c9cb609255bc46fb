package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.message.Ids;

/**
 * Where decide's randomization comes from: each draw a value in {@code [0, 100)} compared with a
 * share in percent. {@link #STABLE} hashes the user (the global holdout) and the decision id (the
 * exploration draws), so a redelivered signal draws the same; tests inject their own.
 */
interface RandomDraws {
  RandomDraws STABLE =
      new RandomDraws() {
        @Override
        public int holdout(String appId, String userId) {
          return Ids.holdoutPercentile(appId, userId);
        }

        @Override
        public int exploration(String decisionId) {
          return Ids.explorationPercentile(decisionId);
        }
      };

  /** The user's holdout bucket: the same for every decision of the user. */
  int holdout(String appId, String userId);

  /** The decision's exploration draw, independent of the user's holdout bucket. */
  int exploration(String decisionId);
}

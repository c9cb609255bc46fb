package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.message.Ids;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Where decide's randomization comes from: the holdout and exploration draws, each a value in
 * {@code [0, 100)} compared with a share in percent, and the generator of the ranking's Thompson
 * draws. {@link #STABLE} hashes the user (the global holdout) and the decision id (the exploration
 * draws, the ranking's generator), so a redelivered signal draws the same; tests inject their own.
 */
interface RandomDraws {
  /**
   * Mixed into the ranking's seed, so that its draws are not those of the channel bandit, which
   * seeds its generator from the same decision id ({@link SendChoice}).
   */
  long RANKING_SEED = 0xC2B2AE3D27D4EB4FL;

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

  /**
   * The generator of the decision's ranking draws ({@link InterventionRanking}), seeded from the
   * decision id (128 bits of a hash, {@link Ids}): the same decision draws the same.
   */
  default RandomGenerator ranking(String decisionId) {
    long seed = ByteBuffer.wrap(HexFormat.of().parseHex(decisionId, 0, 16)).getLong();
    return new SplittableRandom(seed ^ RANKING_SEED);
  }
}

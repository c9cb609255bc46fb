package dev.userwhisperer.models;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed hyper-parameters of the gradient-boosted churn model and its early stopping.
 *
 * @param validationFraction share of training customers held back to choose the number of rounds
 * @param earlyStoppingRounds rounds without a better validation log loss before stopping
 */
public record TrainingConfig(
    int maxDepth,
    double eta,
    double subsample,
    double columnSample,
    double minChildWeight,
    double lambda,
    int maxRounds,
    int earlyStoppingRounds,
    double validationFraction,
    long seed,
    int threads) {

  /**
   * Small, conservative trees; chosen once, not tuned on the evaluation customers. One thread: the
   * data are small, and OpenMP's spin-waiting makes two threads several times slower on shared
   * cores.
   */
  public static final TrainingConfig DEFAULT =
      new TrainingConfig(4, 0.05, 0.8, 0.8, 5.0, 1.0, 1000, 50, 0.2, 20251126L, 1);

  public TrainingConfig {
    if (maxDepth < 1 || maxRounds < 1 || earlyStoppingRounds < 1 || threads < 1) {
      throw new IllegalArgumentException("depth, rounds, patience and threads must be positive");
    }
    if (!(eta > 0 && eta <= 1 && subsample > 0 && subsample <= 1)
        || !(columnSample > 0 && columnSample <= 1)
        || !(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "eta, sampling rates and validation fraction out of range");
    }
  }

  /** The parameters as xgboost4j takes them. */
  public Map<String, Object> xgboostParameters() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("objective", "binary:logistic");
    params.put("eval_metric", "logloss");
    params.put("tree_method", "hist");
    // XGBoost 3 saves the intercept as a vector ("[7E-1]") that 1.x/2.x loaders, such as older
    // prebuilt serving containers, silently read as 0.5; fixing it at 0.5 keeps every reader's
    // predictions identical, the trees learn the offset instead
    params.put("base_score", 0.5);
    params.put("max_depth", maxDepth);
    params.put("eta", eta);
    params.put("subsample", subsample);
    params.put("colsample_bytree", columnSample);
    params.put("min_child_weight", minChildWeight);
    params.put("lambda", lambda);
    params.put("seed", seed);
    params.put("nthread", threads);
    params.put("verbosity", 0);
    return params;
  }
}

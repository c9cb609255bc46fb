package dev.userwhisperer.models;

import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * What is known about a customer at a cutoff, from purchases at or before it only. Purchases on the
 * same UTC day count as one purchase occasion, as in the BG/NBD literature. Undefined values
 * (inter-purchase statistics of a one-time buyer) are {@link Float#NaN}, which XGBoost treats as
 * missing.
 *
 * @param frequency repeat purchase occasions (occasions minus one): BG/NBD's x
 * @param recencyWeeks weeks from the first to the last occasion: BG/NBD's t_x
 * @param ageWeeks weeks from the first occasion to the cutoff: BG/NBD's T
 */
public record CustomerFeatures(
    String customerId,
    int frequency,
    double recencyWeeks,
    double ageWeeks,
    double daysSinceFirst,
    double daysSinceLast,
    double monetarySum,
    double monetaryMean,
    double firstOccasionValue,
    int quantitySum,
    int occasionsLast4Weeks,
    int occasionsLast13Weeks,
    int occasionsLast26Weeks,
    double valueLast13Weeks,
    double interPurchaseMeanDays,
    double interPurchaseStdDays,
    double interPurchaseMaxDays) {

  /** Column names of {@link #vector()}, in order; written beside the model as features.json. */
  public static final List<String> NAMES =
      List.of(
          "frequency",
          "recency_weeks",
          "age_weeks",
          "days_since_first",
          "days_since_last",
          "monetary_sum",
          "monetary_mean",
          "first_occasion_value",
          "quantity_sum",
          "occasions_last_4w",
          "occasions_last_13w",
          "occasions_last_26w",
          "value_last_13w",
          "inter_purchase_mean_days",
          "inter_purchase_std_days",
          "inter_purchase_max_days");

  public CustomerFeatures {
    if (frequency < 0 || recencyWeeks < 0 || recencyWeeks > ageWeeks) {
      throw new IllegalArgumentException(
          "inconsistent x/t_x/T for "
              + customerId
              + ": "
              + frequency
              + "/"
              + recencyWeeks
              + "/"
              + ageWeeks);
    }
  }

  public float[] vector() {
    return new float[] {
      frequency,
      (float) recencyWeeks,
      (float) ageWeeks,
      (float) daysSinceFirst,
      (float) daysSinceLast,
      (float) monetarySum,
      (float) monetaryMean,
      (float) firstOccasionValue,
      quantitySum,
      occasionsLast4Weeks,
      occasionsLast13Weeks,
      occasionsLast26Weeks,
      (float) valueLast13Weeks,
      (float) interPurchaseMeanDays,
      (float) interPurchaseStdDays,
      (float) interPurchaseMaxDays
    };
  }

  /** Churn probabilities of the rows, in order, by a booster trained on {@link #NAMES}. */
  public static double[] predict(Booster booster, List<CustomerFeatures> rows) throws XGBoostError {
    return ChurnTrainer.predictVectors(
        booster, rows.stream().map(CustomerFeatures::vector).toList(), NAMES.size());
  }
}

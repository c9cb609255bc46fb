package dev.userwhisperer.models.uplift;

import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A saved uplift model, loaded: scores feature rows in the manifest's order, or the rows of a
 * campaign export by column name.
 */
public record UpliftScorer(UpliftModel model, FeatureEncoding encoding, String version) {

  /** The estimated treatment effect of each row of the table, in row order. */
  public double[] score(CampaignTable table) throws XGBoostError {
    return model.score(encoding.encode(table));
  }

  /** The estimated treatment effect of each feature row, in order. */
  public double[] score(float[][] rows) throws XGBoostError {
    return model.score(rows);
  }
}

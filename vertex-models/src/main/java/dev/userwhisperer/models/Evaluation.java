package dev.userwhisperer.models;

import java.util.List;

/** A model's scores on held-out rows, summarised. */
public record Evaluation(
    String model,
    int rows,
    double positiveRate,
    double rocAuc,
    double prAuc,
    double brier,
    double liftTopDecile,
    List<BinaryMetrics.CalibrationBin> calibration,
    List<BinaryMetrics.RocPoint> roc) {

  public Evaluation {
    calibration = List.copyOf(calibration);
    roc = List.copyOf(roc);
  }

  /** Evaluates probabilities of the positive class against the outcomes. */
  public static Evaluation of(String model, double[] probabilities, boolean[] labels) {
    int positives = 0;
    for (boolean label : labels) {
      positives += label ? 1 : 0;
    }
    return new Evaluation(
        model,
        labels.length,
        (double) positives / labels.length,
        BinaryMetrics.rocAuc(probabilities, labels),
        BinaryMetrics.averagePrecision(probabilities, labels),
        BinaryMetrics.brier(probabilities, labels),
        BinaryMetrics.lift(probabilities, labels, 0.1),
        BinaryMetrics.calibration(probabilities, labels, 10),
        BinaryMetrics.rocCurve(probabilities, labels));
  }
}

package dev.userwhisperer.models;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Line charts drawn with java.awt, so the module needs no plotting library; works headless. x runs
 * over [0, 1]; y over [0, 1] (ROC curves, reliability diagrams, with the diagonal) or over a given
 * range (Qini curves).
 */
public final class Plots {
  private static final int SIZE = 640;
  private static final int MARGIN = 70;
  private static final int PLOT = SIZE - 2 * MARGIN;

  private Plots() {}

  /** One line of a chart: points in [0, 1]², joined in order, optionally marked. */
  public record Series(String name, Color color, List<double[]> points, boolean markers) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** The ROC curves of the evaluations, with the chance diagonal. */
  public static void roc(Path file, List<Evaluation> evaluations) {
    List<Series> series =
        evaluations.stream()
            .map(
                e ->
                    new Series(
                        String.format(Locale.ROOT, "%s (AUC %.3f)", e.model(), e.rocAuc()),
                        colorOf(evaluations.indexOf(e)),
                        e.roc().stream()
                            .map(p -> new double[] {p.falsePositiveRate(), p.truePositiveRate()})
                            .toList(),
                        false))
            .toList();
    draw(
        file, "ROC curve, held-out customers", "false positive rate", "true positive rate", series);
  }

  /** Reliability diagrams (mean predicted vs observed churn per non-empty bin). */
  public static void calibration(Path file, List<Evaluation> evaluations) {
    List<Series> series =
        evaluations.stream()
            .map(
                e ->
                    new Series(
                        String.format(Locale.ROOT, "%s (Brier %.3f)", e.model(), e.brier()),
                        colorOf(evaluations.indexOf(e)),
                        e.calibration().stream()
                            .filter(b -> b.count() > 0)
                            .map(b -> new double[] {b.meanPredicted(), b.observedRate()})
                            .toList(),
                        true))
            .toList();
    draw(
        file,
        "Calibration, 10 bins",
        "mean predicted churn probability",
        "observed churn rate",
        series);
  }

  /** The span of the y axis. */
  public record Range(double low, double high) {
    public Range {
      if (!(high > low)) {
        throw new IllegalArgumentException("empty range [" + low + ", " + high + "]");
      }
    }

    /** The smallest range holding every point of the series and zero, with a margin. */
    public static Range of(List<Series> series) {
      double low = 0;
      double high = 0;
      for (Series s : series) {
        for (double[] p : s.points()) {
          low = Math.min(low, p[1]);
          high = Math.max(high, p[1]);
        }
      }
      double margin = Math.max(1e-6, 0.05 * (high - low));
      return new Range(low - margin, high + margin);
    }
  }

  /** Draws the series on the unit square with a diagonal reference line and a legend. */
  public static void draw(
      Path file, String title, String xLabel, String yLabel, List<Series> series) {
    draw(file, title, xLabel, yLabel, series, new Range(0, 1), true);
  }

  /**
   * Draws the series with x on [0, 1] and y on {@code yRange}, a legend, and, when {@code
   * diagonal}, a dashed line from (0, low) to (1, high).
   */
  public static void draw(
      Path file,
      String title,
      String xLabel,
      String yLabel,
      List<Series> series,
      Range yRange,
      boolean diagonal) {
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, SIZE, SIZE);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      drawAxes(g, xLabel, yLabel, yRange);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.setColor(Color.BLACK);
      g.drawString(title, MARGIN, MARGIN - 25);
      if (diagonal) {
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(
            new BasicStroke(
                1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
        g.drawLine(x(0), MARGIN + PLOT, x(1), MARGIN);
      }
      g.setStroke(new BasicStroke(2f));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int s = 0; s < series.size(); s++) {
        Series line = series.get(s);
        g.setColor(line.color());
        for (int i = 0; i < line.points().size(); i++) {
          double[] p = line.points().get(i);
          if (i > 0) {
            double[] q = line.points().get(i - 1);
            g.drawLine(x(q[0]), y(q[1], yRange), x(p[0]), y(p[1], yRange));
          }
          if (line.markers()) {
            g.fillOval(x(p[0]) - 4, y(p[1], yRange) - 4, 8, 8);
          }
        }
        int legendY = SIZE - MARGIN - 20 - 20 * (series.size() - 1 - s);
        g.fillRect(x(0.30), legendY - 9, 18, 4);
        g.setColor(Color.BLACK);
        g.drawString(line.name(), x(0.30) + 24, legendY - 3);
      }
    } finally {
      g.dispose();
    }
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drawAxes(Graphics2D g, String xLabel, String yLabel, Range yRange) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(MARGIN, MARGIN, PLOT, PLOT);
    int bottom = MARGIN + PLOT;
    boolean unit = yRange.low() == 0 && yRange.high() == 1;
    for (int tick = 0; tick <= 10; tick += 2) {
      double v = tick / 10.0;
      String label = String.format(Locale.ROOT, "%.1f", v);
      g.drawLine(x(v), bottom, x(v), bottom + 5);
      g.drawString(label, x(v) - 9, bottom + 20);
      double yValue = yRange.low() + v * (yRange.high() - yRange.low());
      String yTick = String.format(Locale.ROOT, unit ? "%.1f" : "%.3f", yValue);
      g.drawLine(x(0) - 5, y(yValue, yRange), x(0), y(yValue, yRange));
      g.drawString(yTick, x(0) - 8 - g.getFontMetrics().stringWidth(yTick), y(yValue, yRange) + 5);
    }
    g.drawString(xLabel, MARGIN + PLOT / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, SIZE - 25);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(
        yLabel, -(MARGIN + PLOT / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 16);
    rotated.dispose();
  }

  /** The chart palette's colour number {@code index}, cycling. */
  public static Color colorOf(int index) {
    Color[] palette = {
      new Color(0x1f77b4),
      new Color(0xd62728),
      new Color(0x2ca02c),
      new Color(0x9467bd),
      new Color(0xff7f0e),
      new Color(0x000000)
    };
    return palette[index % palette.length];
  }

  private static int x(double v) {
    return MARGIN + (int) Math.round(v * PLOT);
  }

  private static int y(double v, Range range) {
    return MARGIN
        + PLOT
        - (int) Math.round((v - range.low()) / (range.high() - range.low()) * PLOT);
  }
}

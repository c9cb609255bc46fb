package dev.userwhisperer.simulator.cli;

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

/** Line and grouped-bar charts drawn with java.awt (headless), as in vertex-models' Plots. */
final class Charts {
  static final List<Color> COLORS =
      List.of(
          new Color(0x88, 0x88, 0x88),
          new Color(0xE6, 0x9F, 0x00),
          new Color(0x56, 0xB4, 0xE9),
          new Color(0x00, 0x9E, 0x73),
          new Color(0xCC, 0x79, 0xA7),
          new Color(0x00, 0x00, 0x00));
  private static final int WIDTH = 760;
  private static final int HEIGHT = 480;
  private static final int LEFT = 70;
  private static final int RIGHT = 190;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private Charts() {}

  /** One named line or bar series. */
  record Series(String name, List<Double> values) {
    Series {
      values = List.copyOf(values);
    }
  }

  /** Lines over x = 0, 1, …; y from {@code yMin} to {@code yMax}. */
  static void lines(
      Path file,
      String title,
      String xLabel,
      String yLabel,
      double yMin,
      double yMax,
      List<Series> series) {
    draw(
        file,
        title,
        xLabel,
        yLabel,
        yMin,
        yMax,
        series,
        (g, plotW, plotH) -> {
          int points = series.get(0).values().size();
          g.setStroke(new BasicStroke(2.5f));
          for (int s = 0; s < series.size(); s++) {
            g.setColor(COLORS.get(s % COLORS.size()));
            List<Double> v = series.get(s).values();
            for (int i = 1; i < v.size(); i++) {
              g.drawLine(
                  LEFT + (i - 1) * plotW / (points - 1),
                  y(v.get(i - 1), yMin, yMax, plotH),
                  LEFT + i * plotW / (points - 1),
                  y(v.get(i), yMin, yMax, plotH));
            }
          }
          g.setColor(Color.BLACK);
          for (int i = 0; i < points; i += 5) {
            String label = String.valueOf(i);
            g.drawString(label, LEFT + i * plotW / (points - 1) - 4, TOP + plotH + 18);
          }
        });
  }

  /** Bars grouped by {@code groups}; each series gives one bar per group. */
  static void bars(
      Path file,
      String title,
      String yLabel,
      double yMax,
      List<String> groups,
      List<Series> series) {
    draw(
        file,
        title,
        "",
        yLabel,
        0,
        yMax,
        series,
        (g, plotW, plotH) -> {
          int groupW = plotW / groups.size();
          int barW = (groupW - 20) / series.size();
          for (int gi = 0; gi < groups.size(); gi++) {
            int x0 = LEFT + gi * groupW + 10;
            for (int s = 0; s < series.size(); s++) {
              double v = series.get(s).values().get(gi);
              int top = y(v, 0, yMax, plotH);
              g.setColor(COLORS.get(s % COLORS.size()));
              g.fillRect(x0 + s * barW, top, barW - 3, TOP + plotH - top);
              g.setColor(Color.BLACK);
              String label = format(v, yMax);
              g.drawString(label, x0 + s * barW, top - 4);
            }
            String name = groups.get(gi);
            g.drawString(
                name,
                LEFT + gi * groupW + groupW / 2 - g.getFontMetrics().stringWidth(name) / 2,
                TOP + plotH + 20);
          }
        });
  }

  private interface Body {
    void paint(Graphics2D g, int plotW, int plotH);
  }

  private static void draw(
      Path file,
      String title,
      String xLabel,
      String yLabel,
      double yMin,
      double yMax,
      List<Series> series,
      Body body) {
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.setColor(Color.BLACK);
      g.drawString(title, LEFT, TOP - 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setStroke(new BasicStroke(1f));
      g.drawRect(LEFT, TOP, plotW, plotH);
      for (int tick = 0; tick <= 5; tick++) {
        double v = yMin + (yMax - yMin) * tick / 5;
        int y = y(v, yMin, yMax, plotH);
        g.setColor(new Color(0xE0, 0xE0, 0xE0));
        g.drawLine(LEFT + 1, y, LEFT + plotW - 1, y);
        g.setColor(Color.BLACK);
        g.drawString(format(v, yMax), LEFT - 45, y + 4);
      }
      g.drawString(
          xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 15);
      Graphics2D rotated = (Graphics2D) g.create();
      rotated.rotate(-Math.PI / 2);
      rotated.drawString(
          yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 18);
      rotated.dispose();
      body.paint(g, plotW, plotH);
      for (int s = 0; s < series.size(); s++) {
        int ly = TOP + 20 + 22 * s;
        g.setColor(COLORS.get(s % COLORS.size()));
        g.fillRect(LEFT + plotW + 15, ly - 9, 18, 10);
        g.setColor(Color.BLACK);
        g.drawString(series.get(s).name(), LEFT + plotW + 40, ly);
      }
    } finally {
      g.dispose();
    }
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static int y(double v, double yMin, double yMax, int plotH) {
    return TOP + (int) Math.round(plotH * (1 - (v - yMin) / (yMax - yMin)));
  }

  private static String format(double v, double scale) {
    return scale <= 1.0
        ? String.format(Locale.ROOT, "%.0f%%", 100 * v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}

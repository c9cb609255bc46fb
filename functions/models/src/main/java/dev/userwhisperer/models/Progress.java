package dev.userwhisperer.models;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line text progress bar per phase, redrawn in place, for a terminal's stderr. */
public final class Progress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private String phase = "";
  private int total = 1;
  private int lastDrawn = -1;

  public Progress(PrintStream out) {
    this.out = out;
  }

  /** A progress display that draws nothing, for tests and library use. */
  public static Progress silent() {
    return new Progress(null);
  }

  public void start(String phase, int total) {
    this.phase = phase;
    this.total = Math.max(1, total);
    this.lastDrawn = -1;
    update(0, "");
  }

  /** Redraws the bar when the whole-percent value changed. */
  public void update(int done, String detail) {
    int percent = (int) (100L * Math.min(done, total) / total);
    if (out == null || (percent == lastDrawn && detail.isEmpty())) {
      return;
    }
    lastDrawn = percent;
    int filled = WIDTH * percent / 100;
    out.printf(
        Locale.ROOT,
        "\r%-22s [%s%s] %3d%% %-34s",
        phase,
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        percent,
        detail);
    out.flush();
  }

  /** Completes the bar and moves to a new line, with a closing remark. */
  public void done(String remark) {
    update(total, remark);
    if (out != null) {
      out.println();
    }
  }
}

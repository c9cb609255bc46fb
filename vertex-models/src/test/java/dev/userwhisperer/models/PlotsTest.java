package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path dir;

  private static Evaluation evaluation(String name) {
    return Evaluation.of(
        name, new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
  }

  @Test
  void rocAndCalibrationChartsArePngImagesWithTheCurvesDrawn() throws Exception {
    Path roc = dir.resolve("roc.png");
    Path calibration = dir.resolve("calibration.png");

    Plots.roc(roc, List.of(evaluation("a"), evaluation("b")));
    Plots.calibration(calibration, List.of(evaluation("a")));

    for (Path file : List.of(roc, calibration)) {
      BufferedImage image = ImageIO.read(file.toFile());
      assertThat(image.getWidth()).isEqualTo(640);
      assertThat(image.getHeight()).isEqualTo(640);
      assertThat(containsColor(image, new Color(0x1f77b4)))
          .as(file + " has the first series")
          .isTrue();
    }
  }

  private static boolean containsColor(BufferedImage image, Color color) {
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == color.getRGB() - 0xFF000000) {
          return true;
        }
      }
    }
    return false;
  }
}

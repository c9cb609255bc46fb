package dev.userwhisperer.simulator.cli;

import static dev.userwhisperer.simulator.cli.ReportTest.arm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedMarginsTest {
  @Test
  void marginsAreOverTheBetterBaselineForEachTarget() {
    SeedMargins m =
        SeedMargins.of(
            7,
            List.of(
                arm("arm", 0.39, 0.38, 0),
                arm("arm", 0.40, 0.47, 2.9),
                arm("arm", 0.44, 0.46, 2.7),
                arm("arm", 0.45, 0.465, 2.8)),
            3);

    assertThat(m.seed()).isEqualTo(7);
    assertThat(m.retention()).isCloseTo(1.0, within(1e-9));
    assertThat(m.conversion()).isCloseTo(-0.5, within(1e-9));
    assertThat(m.messagesUnderBlast()).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void thePairedMeanHasStudentsIntervalAndIsShownOnlyWhenItExcludesZero() {
    List<SeedMargins> runs =
        List.of(
            new SeedMargins(1, 1, 0.5, 0.1),
            new SeedMargins(2, 2, -0.5, 0.1),
            new SeedMargins(3, 3, 0.3, 0.1));

    SeedMargins.Mean retention = SeedMargins.mean(runs, SeedMargins::retention);
    // mean 2, standard deviation 1, standard error 1/√3, t(2) = 4.303
    assertThat(retention.mean()).isCloseTo(2, within(1e-9));
    assertThat(retention.high() - retention.mean()).isCloseTo(4.303 / Math.sqrt(3), within(1e-9));
    assertThat(retention.shown()).isFalse();
    assertThat(SeedMargins.mean(runs, SeedMargins::messagesUnderBlast).shown()).isTrue();
  }

  @Test
  void tQuantilesFollowTheTableAndTendToTheNormal() {
    assertThat(SeedMargins.studentT975(1)).isEqualTo(12.706);
    assertThat(SeedMargins.studentT975(3)).isEqualTo(3.182);
    assertThat(SeedMargins.studentT975(40)).isCloseTo(2.021, within(0.005));
    assertThat(SeedMargins.studentT975(1000)).isCloseTo(1.962, within(0.005));
    assertThatThrownBy(
            () -> SeedMargins.mean(List.of(new SeedMargins(1, 1, 1, 1)), SeedMargins::retention))
        .hasMessageContaining("two seeds");
  }
}

package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.simulator.ArmResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleSharesTest {
  @Test
  void aShareIsTheArmsLiftOverNoMessagesOverTheOracles() {
    assertThat(OracleShares.ofLift(0.42, 0.40, 0.44)).isCloseTo(0.5, within(1e-9));
    assertThat(OracleShares.ofLift(0.38, 0.40, 0.44)).isCloseTo(-0.5, within(1e-9));
    assertThat(OracleShares.ofLift(0.46, 0.40, 0.44)).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void withoutALiftOfTheOraclesThereIsNoShare() {
    assertThat(OracleShares.ofLift(0.42, 0.40, 0.40)).isNaN();
    assertThat(OracleShares.ofLift(0.42, 0.40, 0.39)).isNaN();
    assertThat(Report.share(Double.NaN)).isEqualTo("–");
  }

  @Test
  void everyArmButNoMessagesAndTheOracleGetsItsSharesAndItsSleepingDogsChange() {
    List<ArmResult> arms =
        List.of(
            ReportTest.arm("(a) no messages", 0.40, 0.30, 0, 0.35),
            ReportTest.arm("(c) classic drip", 0.41, 0.36, 2.7, 0.31),
            ReportTest.arm("(f) oracle", 0.44, 0.38, 1.5, 0.35));

    OracleShares shares = OracleShares.of(7, 0.2, arms, "(f) oracle");

    assertThat(shares.oracleRetentionLift()).isCloseTo(4.0, within(1e-9));
    assertThat(shares.oracleConversionLift()).isCloseTo(8.0, within(1e-9));
    assertThat(shares.arms())
        .extracting(OracleShares.Share::arm)
        .containsExactly("(c) classic drip");
    OracleShares.Share drip = shares.of("(c) classic drip");
    assertThat(drip.retention()).isCloseTo(0.25, within(1e-9));
    assertThat(drip.conversion()).isCloseTo(0.75, within(1e-9));
    assertThat(drip.sleepingDogRetention()).isCloseTo(-4.0, within(1e-9));
    assertThat(drip.sleepingDogConversion()).isCloseTo(6.0, within(1e-9));
  }
}

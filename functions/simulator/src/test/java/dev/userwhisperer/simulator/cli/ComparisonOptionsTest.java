package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ComparisonOptionsTest {
  @Test
  void withoutSettingsThePlatformKeepsItsDefaultHoldoutAndArmEOnlyTurnsItOff() {
    Comparison.Options o = Comparison.Options.parse(new String[0]);

    assertThat(o.holdoutSetting()).isEmpty();
    assertThat(o.holdoutPercent()).isEqualTo("10");
    assertThat(o.settingsWithoutHoldout()).containsExactly("whisperer.decide.holdout-percent=0");
  }

  @Test
  void armEReplacesAGivenHoldoutShareInsteadOfNamingTheSettingTwice() {
    Comparison.Options o =
        Comparison.Options.parse(
            new String[] {
              "--platform-settings",
              "whisperer.decide.holdout-percent=5,whisperer.decide.max-per-week=2"
            });

    assertThat(o.platformSettings())
        .containsExactly("whisperer.decide.holdout-percent=5", "whisperer.decide.max-per-week=2");
    assertThat(o.holdoutPercent()).isEqualTo("5");
    assertThat(o.settingsWithoutHoldout())
        .containsExactly("whisperer.decide.max-per-week=2", "whisperer.decide.holdout-percent=0");
  }

  @Test
  void theShareOfSleepingDogsDefaultsToTenPercentAndTheSweepIsOptIn() {
    Comparison.Options o = Comparison.Options.parse(new String[0]);

    assertThat(o.harmedShare()).isEqualTo(0.1);
    assertThat(o.sensitivity()).isEmpty();
    assertThat(o.args()).isEqualTo("--users 8000 --seed 42 --harmed-share 0.1");
  }

  @Test
  void theSweepAndTheShareAreReadAndWrittenBackAsGiven() {
    Comparison.Options o =
        Comparison.Options.parse(
            "--users 2000 --harmed-share 0.2 --sensitivity 0,0.1,0.2 --more-seeds 1,2".split(" "));

    assertThat(o.harmedShare()).isEqualTo(0.2);
    assertThat(o.sensitivity()).containsExactly(0.0, 0.1, 0.2);
    assertThat(o.args())
        .isEqualTo(
            "--users 2000 --seed 42 --harmed-share 0.2 --more-seeds 1,2 --sensitivity 0,0.1,0.2");
    assertThat(Comparison.Options.parameters(0.2).sleepingDogShare()).isEqualTo(0.2);
  }

  @Test
  void aHarmScaleShrinksEverySleepingDogEffectAndIsNamedInTheArguments() {
    Comparison.Options o = Comparison.Options.parse("--users 2000 --harm-scale 0.5".split(" "));

    assertThat(o.args()).isEqualTo("--users 2000 --seed 42 --harmed-share 0.1 --harm-scale 0.5");
    var p = Comparison.Options.parameters(0.1, o.harmScale());
    assertThat(p.sleepingDogHazardPerMessage()).isEqualTo(0.25);
    assertThat(p.sleepingDogConversionFactor()).isEqualTo(1 / 1.15);
    assertThat(p.sleepingDogUnsubscribeFactor()).isEqualTo(2.0);
    assertThat(Comparison.Options.parameters(0.1, 1)).isEqualTo(Comparison.Options.parameters(0.1));
    assertThat(Comparison.Options.parameters(0.1).sleepingDogConversionFactor()).isEqualTo(1 / 1.3);
    assertThatThrownBy(() -> Comparison.Options.parse("--harm-scale -1".split(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aShareOfSleepingDogsTheWorldCannotHoldIsRejectedBeforeAnyRun() {
    assertThatThrownBy(() -> Comparison.Options.parse("--harmed-share 0.6".split(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sleepingDogShare");
    assertThatThrownBy(() -> Comparison.Options.parse("--sensitivity 0,0.4".split(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWarmUpIsNamedInTheCommandLineAndMustLeaveSignupDaysToJudge() {
    Comparison.Options o =
        Comparison.Options.parse("--users 1000 --cohort-days 60 --warm-up-days 45".split(" "));

    assertThat(o.args())
        .isEqualTo("--users 1000 --seed 42 --harmed-share 0.1 --cohort-days 60 --warm-up-days 45");
    assertThat(o.steadyFrom()).isEqualTo(o.start().plus(java.time.Duration.ofDays(45)));
    assertThat(Comparison.Options.parse(new String[0]).steadyFrom())
        .isEqualTo(Comparison.Options.parse(new String[0]).start());
    assertThatThrownBy(() -> Comparison.Options.parse("--warm-up-days 14".split(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--warm-up-days");
  }
}

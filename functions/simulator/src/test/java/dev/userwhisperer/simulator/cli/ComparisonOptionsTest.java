package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}

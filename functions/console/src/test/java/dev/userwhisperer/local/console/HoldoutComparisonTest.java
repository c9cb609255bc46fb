package dev.userwhisperer.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HoldoutComparisonTest {

  @Test
  void theDifferenceHasTheWaldIntervalOfTwoProportions() {
    // 60 % of 500 treated against 50 % of 100 held out
    HoldoutComparison c = new HoldoutComparison("active", 500, 300, 100, 50);

    assertThat(c.difference()).isCloseTo(0.10, within(1e-12));
    double se = Math.sqrt(0.6 * 0.4 / 500 + 0.5 * 0.5 / 100);
    assertThat(c.low()).isCloseTo(0.10 - 1.959964 * se, within(1e-9));
    assertThat(c.high()).isCloseTo(0.10 + 1.959964 * se, within(1e-9));
    assertThat(c.low()).isCloseTo(-0.0076, within(1e-3));
  }

  @Test
  void anEmptyGroupIsNotComparable() {
    assertThat(new HoldoutComparison("active", 10, 3, 0, 0).comparable()).isFalse();
    assertThat(new HoldoutComparison("active", 0, 0, 4, 1).comparable()).isFalse();
    assertThat(new HoldoutComparison("active", 1, 0, 1, 1).comparable()).isTrue();
  }

  @Test
  void moreHitsThanUsersIsRefused() {
    assertThatThrownBy(() -> new HoldoutComparison("active", 2, 3, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

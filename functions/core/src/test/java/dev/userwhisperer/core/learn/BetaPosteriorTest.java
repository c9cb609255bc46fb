package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BetaPosteriorTest {

  @Test
  void successesRaiseAlphaAndFailuresRaiseBeta() {
    BetaPosterior updated = BetaPosterior.UNIFORM.withSuccess().withFailure().update(3, 5);

    assertThat(updated).isEqualTo(new BetaPosterior(5, 7));
    assertThat(updated.strength()).isEqualTo(12);
  }

  @Test
  void meanAndVarianceFollowTheBetaFormulas() {
    BetaPosterior belief = new BetaPosterior(2, 6);

    assertThat(belief.mean()).isEqualTo(0.25);
    assertThat(belief.variance()).isCloseTo(2.0 * 6 / (64 * 9), within(1e-15));
  }

  @Test
  void nonPositiveOrInfinitePseudoCountsAreRejected() {
    assertThatThrownBy(() -> new BetaPosterior(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BetaPosterior(1, -2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BetaPosterior(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BetaPosterior(1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void negativeCountsAreRejected() {
    assertThatThrownBy(() -> BetaPosterior.UNIFORM.update(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes=-1");
  }
}

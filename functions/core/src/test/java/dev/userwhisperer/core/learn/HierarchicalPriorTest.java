package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HierarchicalPriorTest {
  private final BetaPosterior app = new BetaPosterior(300, 700);

  @Test
  void newUserStartsAtTheAppRateWorthStrengthObservations() {
    BetaPosterior prior = new HierarchicalPrior(10).userPrior(app);

    assertThat(prior.alpha()).isCloseTo(3.0, within(1e-12));
    assertThat(prior.beta()).isCloseTo(7.0, within(1e-12));
    assertThat(prior.mean()).isCloseTo(app.mean(), within(1e-12));
    assertThat(prior.variance()).isCloseTo(0.3 * 0.7 / 11, within(1e-12));
  }

  @Test
  void userOutcomesShrinkTheAppRateTowardsTheUsersOwnRate() {
    BetaPosterior posterior = new HierarchicalPrior(10).userPosterior(app, 8, 2);

    // (k m + s) / (k + n) = (3 + 8) / (10 + 10)
    assertThat(posterior.mean()).isCloseTo(0.55, within(1e-12));
  }

  @Test
  void userPriorNeverCarriesMoreEvidenceThanTheApp() {
    BetaPosterior youngApp = new BetaPosterior(1, 3);

    assertThat(new HierarchicalPrior(20).userPrior(youngApp)).isEqualTo(youngApp);
  }

  @Test
  void strengthMustBePositive() {
    assertThatThrownBy(() -> new HierarchicalPrior(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

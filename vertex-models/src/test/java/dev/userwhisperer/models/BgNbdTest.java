package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BgNbdTest {
  private final BgNbd cdnow = BgNbd.CDNOW_PUBLISHED;

  @Test
  void customerWithoutRepeatPurchaseIsAliveForSure() {
    // equation 12: the dead-to-alive odds carry the factor delta(x > 0)
    assertThat(cdnow.probabilityAlive(0, 0, 38.86)).isEqualTo(1.0);
    assertThat(cdnow.probabilityAlive(0, 0, 5)).isEqualTo(1.0);
  }

  @Test
  void probabilityAliveMatchesAHandComputation() {
    // x = 2, t_x = 30.43, T = 38.86 (the paper's worked customer):
    // a / (b + x - 1) = 0.793 / 3.426 = 0.2314653
    // (alpha + T) / (alpha + t_x) = 43.274 / 34.844 = 1.2419355, to the power r + x = 2.243: 1.6258
    // P(alive) = 1 / (1 + 0.2314653 * 1.6258) = 0.726579
    assertThat(cdnow.probabilityAlive(2, 30.43, 38.86)).isCloseTo(0.7265786, within(1e-6));
  }

  @Test
  void longSilenceAfterManyPurchasesMakesDeathLikelier() {
    double recent = cdnow.probabilityAlive(5, 38, 39);
    double silentSinceWeek10 = cdnow.probabilityAlive(5, 10, 39);
    assertThat(silentSinceWeek10).isLessThan(recent);
  }

  @Test
  void expectedPurchasesReproduceThePublishedExample() {
    // FHL 2005: the customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226
    // purchases in the next 39 weeks
    assertThat(cdnow.expectedPurchases(39, 2, 30.43, 38.86)).isCloseTo(1.226, within(5e-4));
  }

  @Test
  void noPurchaseProbabilityOfABrandNewCustomerIsTheNbdZeroClass() {
    // x = 0, T = 0: alive for sure, rate gamma(r, alpha): P(0 purchases in t) = (alpha/(alpha+t))^r
    double expected = Math.pow(4.414 / (4.414 + 39), 0.243);
    assertThat(cdnow.probabilityNoPurchase(39, 0, 0, 0)).isCloseTo(expected, within(1e-12));
    assertThat(expected).isCloseTo(0.5737864, within(1e-6));
  }

  @Test
  void noPurchaseProbabilityMixesDeadAndSilentAlive() {
    // 1 - 0.7265786 + 0.7265786 * (43.274 / 82.274)^2.243
    assertThat(cdnow.probabilityNoPurchase(39, 2, 30.43, 38.86)).isCloseTo(0.4453729, within(1e-6));
  }

  @Test
  void hypergeometricSeriesMatchesClosedForms() {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z ; 2F1(a, b; b; z) = (1 - z)^-a
    assertThat(BgNbd.hypergeometric2F1(1, 1, 2, 0.5)).isCloseTo(2 * Math.log(2), within(1e-12));
    assertThat(BgNbd.hypergeometric2F1(2.5, 3, 3, 0.3))
        .isCloseTo(Math.pow(0.7, -2.5), within(1e-12));
    assertThat(BgNbd.hypergeometric2F1(1, 1, 2, 0)).isEqualTo(1.0);
  }

  @Test
  void logGammaMatchesKnownValues() {
    assertThat(BgNbd.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
    assertThat(BgNbd.logGamma(1)).isCloseTo(0, within(1e-12));
    assertThat(BgNbd.logGamma(10)).isCloseTo(Math.log(362_880), within(1e-11));
    assertThat(BgNbd.logGamma(0.243)).isCloseTo(1.3180435846996699, within(1e-12));
  }

  @Test
  void likelihoodOfANewCustomerIsTheNbdZeroClassTimesNoDropout() {
    // x = 0: B(a, b)/B(a, b) * (alpha / (alpha + T))^r
    assertThat(cdnow.logLikelihood(0, 0, 10))
        .isCloseTo(0.243 * Math.log(4.414 / 14.414), within(1e-12));
  }

  @Test
  void historyOutsideTheModelIsRejected() {
    assertThatThrownBy(() -> cdnow.probabilityAlive(1, 40, 39))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BgNbd(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}

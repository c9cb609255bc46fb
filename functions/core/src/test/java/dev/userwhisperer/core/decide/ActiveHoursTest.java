package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.learn.BetaPosterior;
import dev.userwhisperer.core.profile.Features;
import org.junit.jupiter.api.Test;

class ActiveHoursTest {
  private static final BetaPosterior APP_PRIOR = new BetaPosterior(2, 8);

  static Features activeAt(int hourOfDay, int eventsPerDay) {
    int[] hours = new int[Features.HOURS_OF_WEEK];
    for (int day = 0; day < 7; day++) {
      hours[day * 24 + hourOfDay] = eventsPerDay;
    }
    Features none = Features.NONE;
    return new Features(
        none.day(),
        none.dayEvents(),
        none.daySessions(),
        none.dayRevenueCents(),
        hours,
        none.sessions(),
        none.featuresUsed(),
        none.errors(),
        none.supportTickets(),
        none.messages(),
        none.baseline(),
        none.returnedAt(),
        none.idleDaysBeforeReturn());
  }

  @Test
  void aUserWithoutActivityKeepsTheAppPrior() {
    ActiveHours none = ActiveHours.of(Features.NONE);

    for (int h = 0; h < 168; h += 13) {
      BetaPosterior prior = none.prior(APP_PRIOR, h);
      assertThat(prior.alpha())
          .isCloseTo(APP_PRIOR.alpha(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(prior.beta())
          .isCloseTo(APP_PRIOR.beta(), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void theHoursAUserIsActiveStartWithTheHigherBeliefAtTheSameStrength() {
    ActiveHours evenings = ActiveHours.of(activeAt(20, 3));
    int mondayEight = 20;
    int thursdayNine = 3 * 24 + 21;
    int mondayThree = 3;

    BetaPosterior peak = evenings.prior(APP_PRIOR, mondayEight);
    BetaPosterior next = evenings.prior(APP_PRIOR, thursdayNine);
    BetaPosterior night = evenings.prior(APP_PRIOR, mondayThree);

    assertThat(peak.mean()).isGreaterThan(next.mean()).isLessThanOrEqualTo(0.95);
    assertThat(next.mean()).isGreaterThan(APP_PRIOR.mean());
    assertThat(night.mean()).isLessThan(APP_PRIOR.mean()).isPositive();
    assertThat(peak.strength())
        .isCloseTo(APP_PRIOR.strength(), org.assertj.core.data.Offset.offset(1e-9));
  }
}

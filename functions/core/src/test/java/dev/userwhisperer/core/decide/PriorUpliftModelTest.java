package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.testing.Profiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorUpliftModelTest {
  private final PriorUpliftModel model = new PriorUpliftModel();

  @Test
  void everyCatalogEntryHasASmallPositivePriorAndAFailedPaymentTheHighest() {
    var user = Profiles.user("u1").build();
    List<Intervention> all = List.copyOf(InterventionCatalog.ALL);

    assertThat(all)
        .allSatisfy(
            i ->
                assertThat(model.uplift(i.name(), user))
                    .isBetween(0.005, 0.2)
                    .isNotEqualTo(PriorUpliftModel.UNKNOWN));
    assertThat(
            InterventionRanking.rank(
                    all, model, user, java.time.Instant.EPOCH, 0, new java.util.SplittableRandom(1))
                .get(0)
                .intervention())
        .isEqualTo(InterventionCatalog.PAYMENT_FAILED);
  }

  @Test
  void aChurnSaveIsExpectedToHelpLessWhenChurnIsAlmostCertain() {
    double moderate = model.uplift("churn_save", Profiles.user("u1").churn(0.5).build());
    double nearCertain = model.uplift("churn_save", Profiles.user("u1").churn(0.9).build());

    assertThat(nearCertain).isPositive().isLessThan(moderate);
  }

  @Test
  void anInterventionWithoutAPriorStillHasAPositiveOne() {
    assertThat(model.uplift("some_new_entry", Profiles.user("u1").build()))
        .isEqualTo(PriorUpliftModel.UNKNOWN);
  }
}

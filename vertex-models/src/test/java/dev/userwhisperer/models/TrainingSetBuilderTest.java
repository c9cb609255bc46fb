package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TrainingSetBuilderTest {
  private static final Instant T = Instant.parse("2021-03-01T00:00:00Z");
  private final TrainingSetBuilder builder = new TrainingSetBuilder(Duration.ofDays(28));

  private static Purchase at(String customer, String time, double value, int quantity) {
    return new Purchase(customer, Instant.parse(time), value, quantity);
  }

  @Test
  void featuresSummariseOccasionsUpToTheCutoff() {
    List<Purchase> log =
        List.of(
            at("a", "2021-01-04T10:00:00Z", 10, 1),
            at("a", "2021-01-04T18:00:00Z", 5, 2), // same day: one occasion
            at("a", "2021-01-18T10:00:00Z", 20, 1),
            at("a", "2021-02-15T10:00:00Z", 30, 3));
    CustomerFeatures f = builder.features(log, T).get(0);

    assertThat(f.frequency()).isEqualTo(2);
    assertThat(f.recencyWeeks()).isCloseTo(6.0, within(1e-9));
    assertThat(f.daysSinceFirst()).isCloseTo(55 + 14 / 24.0, within(1e-9));
    assertThat(f.ageWeeks()).isCloseTo(f.daysSinceFirst() / 7, within(1e-9));
    assertThat(f.daysSinceLast()).isCloseTo(13 + 14 / 24.0, within(1e-9));
    assertThat(f.monetarySum()).isEqualTo(65);
    assertThat(f.monetaryMean()).isCloseTo(65 / 3.0, within(1e-9));
    assertThat(f.firstOccasionValue()).isEqualTo(15);
    assertThat(f.quantitySum()).isEqualTo(7);
    assertThat(f.occasionsLast4Weeks()).isEqualTo(1);
    assertThat(f.occasionsLast13Weeks()).isEqualTo(3);
    assertThat(f.occasionsLast26Weeks()).isEqualTo(3);
    assertThat(f.valueLast13Weeks()).isEqualTo(65);
    assertThat(f.interPurchaseMeanDays()).isCloseTo(21, within(1e-9));
    assertThat(f.interPurchaseStdDays()).isCloseTo(7, within(1e-9));
    assertThat(f.interPurchaseMaxDays()).isCloseTo(28, within(1e-9));
  }

  @Test
  void oneTimeBuyerHasMissingInterPurchaseTimes() {
    CustomerFeatures f =
        builder.features(List.of(at("a", "2021-02-01T00:00:00Z", 10, 1)), T).get(0);
    assertThat(f.frequency()).isZero();
    assertThat(f.recencyWeeks()).isZero();
    assertThat(f.interPurchaseMeanDays()).isNaN();
    assertThat(f.vector()[CustomerFeatures.NAMES.indexOf("inter_purchase_mean_days")]).isNaN();
  }

  @Test
  void purchaseAtTheCutoffIsAFeatureAndAtTheHorizonEndALabel() {
    List<Purchase> log =
        List.of(
            at("a", "2021-02-01T00:00:00Z", 10, 1),
            at("a", "2021-03-01T00:00:00Z", 10, 1), // exactly t: a feature
            at("b", "2021-02-01T00:00:00Z", 10, 1),
            at("b", "2021-03-29T00:00:00Z", 10, 1), // exactly t + 28 days: a label
            at("c", "2021-02-01T00:00:00Z", 10, 1),
            at("c", "2021-03-29T00:00:01Z", 10, 1)); // after the horizon: nothing
    List<LabeledCustomer> rows = builder.build(log, T);

    assertThat(rows).extracting(LabeledCustomer::customerId).containsExactly("a", "b", "c");
    assertThat(rows.get(0).features().frequency()).isEqualTo(1);
    assertThat(rows.get(0).churned()).isTrue();
    assertThat(rows.get(1).features().frequency()).isZero();
    assertThat(rows.get(1).churned()).isFalse();
    assertThat(rows.get(1).horizonOccasions()).isEqualTo(1);
    assertThat(rows.get(2).churned()).isTrue();
  }

  @Test
  void customerFirstSeenAfterTheCutoffHasNoRow() {
    List<LabeledCustomer> rows =
        builder.build(List.of(at("late", "2021-03-02T00:00:00Z", 10, 1)), T);
    assertThat(rows).isEmpty();
  }

  @Property(tries = 60)
  void noFeatureSeesPastTheCutoff(
      @ForAll @LongRange(min = 1, max = 10_000) long seed,
      @ForAll @IntRange(min = 1, max = 20) int addedEvents,
      @ForAll @DoubleRange(min = 0, max = 500) double alteredValue) {
    List<Purchase> log = SyntheticLog.generate(40, seed);
    Instant cutoff = SyntheticLog.CUTOFF;
    List<CustomerFeatures> before = builder.features(log, cutoff);

    List<Purchase> tampered = new ArrayList<>();
    for (Purchase p : log) {
      // change every purchase after t: value, quantity and time (still after t)
      tampered.add(
          p.time().isAfter(cutoff)
              ? new Purchase(p.customerId(), p.time().plusSeconds(3_600), alteredValue, 7)
              : p);
    }
    for (int i = 0; i < addedEvents; i++) {
      // later purchases of known customers, and customers who only appear after t
      String customer = i % 2 == 0 ? "c" + (i % 40) : "new" + i;
      tampered.add(
          i % 3, new Purchase(customer, cutoff.plusSeconds(1 + i * 86_400L), alteredValue, 1));
    }

    assertThat(builder.features(tampered, cutoff)).isEqualTo(before);
  }

  @Property(tries = 30)
  void labelIgnoresEverythingOutsideTheHorizon(
      @ForAll @LongRange(min = 1, max = 10_000) long seed) {
    List<Purchase> log = SyntheticLog.generate(40, seed);
    TrainingSetBuilder horizon = new TrainingSetBuilder(SyntheticLog.HORIZON);
    Instant end = SyntheticLog.CUTOFF.plus(SyntheticLog.HORIZON);
    List<Boolean> labels =
        horizon.build(log, SyntheticLog.CUTOFF).stream().map(LabeledCustomer::churned).toList();

    List<Purchase> later = new ArrayList<>(log);
    for (int c = 0; c < 40; c++) {
      later.add(new Purchase("c" + c, end.plusSeconds(1 + c), 1, 1));
    }
    assertThat(
            horizon.build(later, SyntheticLog.CUTOFF).stream()
                .map(LabeledCustomer::churned)
                .toList())
        .isEqualTo(labels);
  }
}

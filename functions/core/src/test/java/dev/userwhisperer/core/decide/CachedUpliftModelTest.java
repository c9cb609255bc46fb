package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryUpliftTableStore;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedUpliftModelTest {
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
  private static final UpliftModel PRIOR = (intervention, profile) -> 0.0;
  private static final Profile USER =
      Profiles.user("u1").app("a1").lifecycle(LifecycleStage.NEW).build();

  private final MutableClock clock = new MutableClock(T);
  private final InMemoryUpliftTableStore store = new InMemoryUpliftTableStore();
  private final CachedUpliftModel model =
      new CachedUpliftModel(store, PRIOR, UpliftEstimator.DEFAULT, clock, Duration.ofMinutes(5));

  @Test
  void theTableIsReadOnceWithinMaxAgeAndAgainAfter() {
    assertThat(model.uplift("welcome", USER)).isEqualTo(0.0);
    store.save(new UpliftTable(T, List.of(welcome(1_000, 600, 1_000, 400))));

    clock.advance(Duration.ofMinutes(4));
    assertThat(model.uplift("welcome", USER)).isEqualTo(0.0);
    assertThat(store.loads()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    assertThat(model.uplift("welcome", USER)).isGreaterThan(0.15);
    assertThat(store.loads()).isEqualTo(2);
  }

  @Test
  void aFailedLoadIsThrownAndTheNextCallLoadsAgain() {
    var failing =
        new UpliftTableStore() {
          int calls;

          @Override
          public void save(UpliftTable table) {}

          @Override
          public UpliftTable load() {
            if (calls++ == 0) {
              throw new IllegalStateException("store unavailable");
            }
            return UpliftTable.EMPTY;
          }
        };
    CachedUpliftModel cached =
        new CachedUpliftModel(
            failing, PRIOR, UpliftEstimator.DEFAULT, clock, Duration.ofMinutes(5));

    assertThatThrownBy(() -> cached.uplift("welcome", USER))
        .isInstanceOf(IllegalStateException.class);
    assertThat(cached.uplift("welcome", USER)).isEqualTo(0.0);
  }

  private static UpliftCell welcome(long nt, long st, long nc, long sc) {
    return new UpliftCell(
        "a1", "welcome", "NEW", new ArmOutcomes(nt, st, 0), new ArmOutcomes(nc, sc, 0));
  }
}

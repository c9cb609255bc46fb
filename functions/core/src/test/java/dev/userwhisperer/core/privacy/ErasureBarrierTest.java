package dev.userwhisperer.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ErasureTombstones;
import dev.userwhisperer.core.testing.TestEvents;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErasureBarrierTest {
  private static final Instant ERASED = Instant.parse("2026-01-05T12:00:00Z");

  private final ErasureBarrier barrier =
      new ErasureBarrier(
          (app, user) -> Optional.ofNullable(Map.of("app1/erased", ERASED).get(app + "/" + user)));

  private static Event received(String id, String user, Instant at) {
    return TestEvents.event("feature_used").id(id).user(user).at(at).build();
  }

  @Test
  void theEventsAcceptedUpToTheErasureAreDroppedAndTheLaterOnesKept() {
    UserEventBatch batch =
        TestEvents.batch(
            "b1",
            received("before", "erased", ERASED.minusSeconds(5)),
            received("at", "erased", ERASED),
            received("after", "erased", ERASED.plusMillis(1)));

    Optional<UserEventBatch> kept = barrier.apply(batch);

    assertThat(kept).isPresent();
    assertThat(kept.get().events()).extracting(Event::messageId).containsExactly("after");
    assertThat(kept.get().batchId()).isEqualTo("b1");
    assertThat(kept.get().userId()).isEqualTo("erased");
  }

  @Test
  void aBatchWhollyAcceptedBeforeTheErasureIsDropped() {
    assertThat(
            barrier.apply(
                TestEvents.batch("b2", received("queued", "erased", ERASED.minusSeconds(60)))))
        .isEmpty();
  }

  @Test
  void anotherUsersBatchPassesAsItIs() {
    UserEventBatch batch =
        TestEvents.batch("b3", received("other", "someone", ERASED.minusSeconds(60)));

    assertThat(barrier.apply(batch)).containsSame(batch);
    assertThat(new ErasureBarrier(ErasureTombstones.NONE).apply(batch)).containsSame(batch);
  }
}

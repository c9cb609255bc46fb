package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.RetrainRule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnRetrainingTest {
  @TempDir Path root;

  @Test
  void aLiveModelIsNotRetrainedTheNextDayOnAWarehouseThatBarelyGrewAndStaysLive() {
    ModelDirectory directory = new FileModelDirectory(root);
    WarehouseEventSource world = ChurnWorlds.world(600, 1);
    ChurnModelTraining.Attempt first = training(directory, world, ChurnWorlds.TODAY).run().get(0);
    byte[] record = directory.lastTraining(Slot.churn(ChurnWorlds.APP)).orElseThrow();

    ChurnModelTraining.Attempt next =
        training(directory, world, ChurnWorlds.TODAY.plus(Duration.ofDays(1))).run().get(0);

    assertThat(first.promoted()).isTrue();
    assertThat(Json.tree(record).path(RetrainRule.ROWS).asLong())
        .isEqualTo(
            world.events(Optional.empty(), ChurnWorlds.TODAY.truncatedTo(ChronoUnit.DAYS)).size());
    assertThat(next.status()).isEqualTo("skipped");
    assertThat(next.version()).isNull();
    assertThat(next.detail()).contains("not retrained");
    assertThat(directory.live(Slot.churn(ChurnWorlds.APP))).contains(first.version());
    assertThat(directory.lastTraining(Slot.churn(ChurnWorlds.APP))).hasValue(record);
  }

  @Test
  void aLiveModelIsRetrainedOnceTheAppsEventsGrewByTenPercent() {
    ModelDirectory directory = new FileModelDirectory(root);
    WarehouseEventSource world = ChurnWorlds.world(600, 1);
    training(directory, world, ChurnWorlds.TODAY).run();
    List<WarehouseEvent> events = world.events(Optional.empty(), ChurnWorlds.TODAY);
    WarehouseEventSource grown = (app, until) -> grownBy(events, events.size() / 10);

    ChurnModelTraining.Attempt next =
        training(directory, grown, ChurnWorlds.TODAY.plus(Duration.ofDays(1))).run().get(0);

    assertThat(next.status()).isEqualTo("trained");
  }

  @Test
  void whenNoAppIsDueTheEventsAreCountedNotRead() {
    ModelDirectory directory = new FileModelDirectory(root);
    WarehouseEventSource world = ChurnWorlds.world(600, 1);
    training(directory, world, ChurnWorlds.TODAY).run();
    AtomicInteger reads = new AtomicInteger();
    WarehouseEventSource counted =
        new WarehouseEventSource() {
          @Override
          public List<WarehouseEvent> events(Optional<String> appId, Instant until) {
            reads.incrementAndGet();
            return world.events(appId, until);
          }

          @Override
          public Map<String, Long> countsByApp(Instant until) {
            return Map.of(ChurnWorlds.APP, (long) world.events(Optional.empty(), until).size());
          }
        };

    List<ChurnModelTraining.Attempt> next =
        training(directory, counted, ChurnWorlds.TODAY.plus(Duration.ofDays(1))).run();

    assertThat(next).extracting(ChurnModelTraining.Attempt::status).containsExactly("skipped");
    assertThat(reads).hasValue(0);
  }

  /** The events with copies of the first {@code n} under new message ids, a day later. */
  private static List<WarehouseEvent> grownBy(List<WarehouseEvent> events, int n) {
    List<WarehouseEvent> more = new ArrayList<>(events);
    for (WarehouseEvent e : events.subList(0, n)) {
      more.add(
          new WarehouseEvent(
              e.appId(),
              e.userId(),
              new Event(
                  "copy-" + e.event().messageId(),
                  e.event().type(),
                  e.event().userId(),
                  e.event().anonymousId(),
                  e.event().timestamp(),
                  e.event().receivedAt(),
                  e.event().properties(),
                  e.event().traits(),
                  e.event().context())));
    }
    return more;
  }

  private static ChurnModelTraining training(
      ModelDirectory directory, WarehouseEventSource world, Instant today) {
    Clock clock = Clock.fixed(today, ZoneOffset.UTC);
    return new ChurnModelTraining(
        world,
        (app, until) -> List.of(),
        directory,
        new ChurnPromotion(directory, clock),
        ChurnModelTrainingTest.SMALL,
        clock,
        RetrainRule.DEFAULT);
  }
}

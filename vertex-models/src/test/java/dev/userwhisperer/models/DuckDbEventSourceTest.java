package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.ContactData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbEventSourceTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void readsBackTheEventsAnalyzeWroteUpToTheGivenTimeOrderedByUserAndTime() {
    Event late = event("m3", EventTypes.USER_LOGIN, "bob", null, T.plusSeconds(60));
    Event identify =
        new Event(
            "m1",
            EventTypes.IDENTIFY,
            "bob",
            null,
            T,
            T.plusMillis(250),
            Map.of("plan", "pro", "seats", 3, "price", 12.5, "tags", List.of("a", "b")),
            Map.of("email", "bob@example.com", "consent", Map.of("email", true)),
            Map.of("timezone", "Europe/Paris"));
    Event anonymous = event("m2", EventTypes.PAGE_VIEWED, null, "dev-1", T.minusSeconds(5));
    Event future = event("m4", EventTypes.USER_LOGIN, "bob", null, T.plusSeconds(3600));
    Path file = dir.resolve("warehouse.duckdb");
    CdnowWarehouse.writeEvents(file, "app1", List.of(late, identify, anonymous, future));

    List<WarehouseEvent> read =
        new DuckDbEventSource(file).events(Optional.empty(), T.plusSeconds(60));

    // the warehouse keeps contact data only as pseudonyms (docs/privacy.md)
    Event identifyAsStored =
        new Event(
            identify.messageId(),
            identify.type(),
            identify.userId(),
            identify.anonymousId(),
            identify.timestamp(),
            identify.receivedAt(),
            identify.properties(),
            Map.of(
                "email", ContactData.pseudonym("bob@example.com"),
                "consent", Map.of("email", true)),
            identify.context());
    assertThat(read)
        .containsExactly(
            new WarehouseEvent("app1", "anon:dev-1", anonymous),
            new WarehouseEvent("app1", "bob", identifyAsStored),
            new WarehouseEvent("app1", "bob", late));
  }

  @Test
  void readsOneAppWhenAsked() {
    Path file = dir.resolve("warehouse.duckdb");
    CdnowWarehouse.writeEvents(
        file, "app1", List.of(event("m1", EventTypes.USER_LOGIN, "bob", null, T)));

    DuckDbEventSource source = new DuckDbEventSource(file);

    assertThat(source.events(Optional.of("app1"), T)).hasSize(1);
    assertThat(source.events(Optional.of("app2"), T)).isEmpty();
  }

  @Test
  void aMissingFileIsRefusedWithItsPath() {
    assertThatThrownBy(() -> new DuckDbEventSource(dir.resolve("nope.duckdb")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.duckdb");
  }

  private static Event event(String id, String type, String user, String anonymous, Instant at) {
    return new Event(id, type, user, anonymous, at, at, Map.of(), Map.of(), Map.of());
  }
}

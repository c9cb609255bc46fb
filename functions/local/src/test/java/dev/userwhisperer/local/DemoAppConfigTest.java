package dev.userwhisperer.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAppConfigTest {
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
  @TempDir Path dir;
  private final InMemoryAppConfigStore store = new InMemoryAppConfigStore();

  private DemoAppConfig seeder(Path file) {
    return new DemoAppConfig(
        store,
        AppConfigs.validator(),
        new LocalProperties(dir, false, null, null, null, false, null, file, null),
        new MutableClock(T));
  }

  @Test
  void theFileIsStoredAsTheFirstVersionAndLaterStartsLeaveItAlone() throws Exception {
    Path file = Files.writeString(dir.resolve("app.json"), "{\"product\":{\"name\":\"Acme\"}}");

    seeder(file).afterSingletonsInstantiated();
    Files.writeString(file, "{\"product\":{\"name\":\"Changed\"}}");
    seeder(file).afterSingletonsInstantiated();

    assertThat(store.history("demo", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.config().product().name()).isEqualTo("Acme"));
  }

  @Test
  void withoutAFileTheBuiltInExampleIsStored() {
    seeder(null).afterSingletonsInstantiated();

    assertThat(store.latest("demo").orElseThrow().config()).isEqualTo(AppConfigs.demo());
  }

  @Test
  void anInvalidFileStopsTheStartNamingThePointer() throws Exception {
    Path file = Files.writeString(dir.resolve("app.json"), "{\"product\":{}}");

    assertThatThrownBy(() -> seeder(file).afterSingletonsInstantiated())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/product/name missing_field");
    assertThat(store.latest("demo")).isEmpty();
  }
}

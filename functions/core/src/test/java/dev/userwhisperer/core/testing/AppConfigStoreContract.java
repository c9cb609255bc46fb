package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link AppConfigStore} adapter does; a subclass supplies a fresh, empty store. */
public abstract class AppConfigStoreContract {
  private static final Instant T1 = Instant.parse("2026-02-01T03:00:00.123456Z");
  private static final Instant T2 = Instant.parse("2026-02-02T03:00:00Z");

  protected abstract AppConfigStore store();

  private static AppConfig named(String name) {
    return AppConfigs.demoWith("product", java.util.Map.of("name", name));
  }

  @Test
  void anAppWithoutConfigurationHasNone() {
    AppConfigStore store = store();
    assertThat(store.latest("a1")).isEmpty();
    assertThat(store.find("a1", 1)).isEmpty();
    assertThat(store.history("a1", 10)).isEmpty();
  }

  @Test
  void theFirstSaveIsVersionOneAndReadsBackAsSaved() {
    AppConfigStore store = store();
    AppConfigRevision saved = store.save("a1", AppConfigs.demo(), T1);

    assertThat(saved).isEqualTo(new AppConfigRevision("a1", 1, AppConfigs.demo(), T1));
    assertThat(store.latest("a1")).contains(saved);
    assertThat(store.find("a1", 1)).contains(saved);
  }

  @Test
  void aReplacementIsTheNextVersionAndTheEarlierOneIsKept() {
    AppConfigStore store = store();
    store.save("a1", named("First"), T1);
    store.save("other", named("Other"), T1);

    AppConfigRevision second = store.save("a1", named("Second"), T2);

    assertThat(second.version()).isEqualTo(2);
    assertThat(store.latest("a1").orElseThrow().config().product().name()).isEqualTo("Second");
    assertThat(store.find("a1", 1).orElseThrow().config().product().name()).isEqualTo("First");
    assertThat(store.history("a1", 10))
        .extracting(AppConfigRevision::version)
        .containsExactly(2L, 1L);
    assertThat(store.history("a1", 1)).extracting(AppConfigRevision::version).containsExactly(2L);
    assertThat(store.latest("other").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void concurrentSavesGetDistinctVersions() throws Exception {
    AppConfigStore store = store();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AppConfigRevision>> saves = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = "Writer " + i;
        saves.add(pool.submit(() -> store.save("a1", named(name), T1)));
      }
      var versions = ConcurrentHashMap.<Long>newKeySet();
      for (Future<AppConfigRevision> save : saves) {
        versions.add(save.get().version());
      }
      assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
      assertThat(store.latest("a1").orElseThrow().version()).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullWorkerSettingsTest {

  @Test
  void absentPropertiesTakeTheDocumentedDefaults() {
    PullWorkerSettings settings = PullWorkerSettings.from(name -> null);

    assertThat(settings).isEqualTo(PullWorkerSettings.defaults("events.analyze"));
    assertThat(settings.window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.maxEventsPerUser()).isEqualTo(256);
    assertThat(settings.earlyFlushAt()).isEqualTo(40_000);
  }

  @Test
  void thePropertiesTerraformSetsAreRead() {
    Map<String, String> properties =
        Map.of(
            PullWorkerSettings.SUBSCRIPTION, "events.analyze-2",
            PullWorkerSettings.WINDOW, "PT10S",
            PullWorkerSettings.PARALLELISM, "8",
            PullWorkerSettings.MAX_EVENTS_PER_USER, "100");

    PullWorkerSettings settings = PullWorkerSettings.from(properties::get);

    assertThat(settings.subscription()).isEqualTo("events.analyze-2");
    assertThat(settings.window()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.parallelism()).isEqualTo(8);
    assertThat(settings.maxEventsPerUser()).isEqualTo(100);
  }

  @Test
  void aBadValueIsRefusedNamingItsProperty() {
    assertThatThrownBy(() -> PullWorkerSettings.from(Map.of(PullWorkerSettings.WINDOW, "30s")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PullWorkerSettings.WINDOW);
    assertThatThrownBy(
            () -> PullWorkerSettings.from(Map.of(PullWorkerSettings.WINDOW, "PT11M")::get))
        .hasMessageContaining(PullWorkerSettings.WINDOW);
    assertThatThrownBy(
            () ->
                PullWorkerSettings.from(Map.of(PullWorkerSettings.MAX_EVENTS_PER_USER, "600")::get))
        .hasMessageContaining("512");
  }
}

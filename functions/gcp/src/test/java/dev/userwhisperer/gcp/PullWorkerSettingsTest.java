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
    assertThat(settings.window()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.maxHold()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.maxEventsPerUser()).isEqualTo(256);
    assertThat(settings.earlyFlushAt()).isEqualTo(80_000);
  }

  @Test
  void thePropertiesTerraformSetsAreRead() {
    Map<String, String> properties =
        Map.of(
            PullWorkerSettings.SUBSCRIPTION, "events.analyze-2",
            PullWorkerSettings.WINDOW, "PT10S",
            PullWorkerSettings.MAX_HOLD, "PT2M",
            PullWorkerSettings.PARALLELISM, "8",
            PullWorkerSettings.MAX_EVENTS_PER_USER, "100");

    PullWorkerSettings settings = PullWorkerSettings.from(properties::get);

    assertThat(settings.subscription()).isEqualTo("events.analyze-2");
    assertThat(settings.window()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.maxHold()).isEqualTo(Duration.ofMinutes(2));
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
    assertThatThrownBy(
            () ->
                PullWorkerSettings.from(
                    Map.of(PullWorkerSettings.WINDOW, "PT2M", PullWorkerSettings.MAX_HOLD, "PT1M")
                        ::get))
        .as("held for less than the quiet time")
        .hasMessageContaining(PullWorkerSettings.MAX_HOLD);
    assertThatThrownBy(
            () -> PullWorkerSettings.from(Map.of(PullWorkerSettings.MAX_HOLD, "PT11M")::get))
        .hasMessageContaining(PullWorkerSettings.MAX_HOLD);
  }

  @Test
  void aLongerQuietTimeHoldsAtLeastAsLong() {
    PullWorkerSettings settings =
        PullWorkerSettings.defaults("events.analyze").withWindow(Duration.ofMinutes(10));

    assertThat(settings.maxHold()).isEqualTo(Duration.ofMinutes(10));
  }
}

package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.simulator.ArmResult;
import dev.userwhisperer.simulator.ModelParameters;
import dev.userwhisperer.simulator.PlatformMessenger;
import dev.userwhisperer.simulator.Population;
import dev.userwhisperer.simulator.Simulation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A small population against the real platform process, end to end: the platform gets events, sends
 * messages, takes the answers; and the simulator touched nothing but the platform's HTTP endpoints.
 */
class SimulatorBoundaryIT {
  private static final Pattern ALLOWED =
      Pattern.compile(
          "POST /v1/events"
              + "|GET /v1/outbox\\?after=\\d+&limit=\\d+"
              + "|POST /v1/outbox/[^/?]+/(open|click|unsubscribe)"
              + "|POST /admin/clock/advance\\?by=PT\\d+H"
              + "|POST /admin/drain\\?timeout=PT5M"
              + "|GET /v1/schema");

  @Test
  void fortyUsersOverTenDaysGetMessagesFromThePlatformThroughItsHttpApiAlone() throws Exception {
    Instant start = Instant.parse("2026-01-05T00:00:00Z");
    ModelParameters p = ModelParameters.defaults();
    Simulation simulation =
        new Simulation(Population.draw(42, 40, start, 3, p), p, 42, start, 3, 7);
    List<HttpRequest> requests = new CopyOnWriteArrayList<>();

    ArmResult result;
    URI base;
    try (PlatformProcess platform =
        PlatformProcess.start(Path.of(System.getProperty("platform.jar")), start, requests::add)) {
      result = simulation.run("platform", new PlatformMessenger(platform.platform()), h -> {});
      base = requests.get(0).uri().resolve("/");
    }

    assertThat(result.messagesPerUser()).isPositive();
    assertThat(result.messagesByIntervention())
        .extracting(ArmResult.InterventionCount::intervention)
        .contains("welcome");
    assertThat(requests).extracting(HttpRequest::method).contains("POST", "GET");
    assertThat(requests)
        .allSatisfy(
            r -> {
              assertThat(r.uri().resolve("/")).isEqualTo(base);
              String call =
                  r.method()
                      + " "
                      + r.uri().getRawPath()
                      + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery());
              assertThat(call).matches(ALLOWED);
            });
    assertThat(requests).anySatisfy(r -> assertThat(r.uri().getPath()).endsWith("/open"));
  }
}

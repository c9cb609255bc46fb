package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.simulator.ArmResult;
import dev.userwhisperer.simulator.Message;
import dev.userwhisperer.simulator.Messenger;
import dev.userwhisperer.simulator.ModelParameters;
import dev.userwhisperer.simulator.PlatformMessenger;
import dev.userwhisperer.simulator.Population;
import dev.userwhisperer.simulator.RecordingMessenger;
import dev.userwhisperer.simulator.Simulation;
import dev.userwhisperer.simulator.Traits;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A small population against the real platform process, end to end: the platform gets events, sends
 * messages, takes the answers; the simulator touched nothing but the platform's HTTP endpoints; and
 * a second run of the same seed, against a fresh process, gets the very same messages at the very
 * same times.
 */
class SimulatorBoundaryIT {
  private static final Pattern ALLOWED =
      Pattern.compile(
          "POST /v1/events"
              + "|GET /v1/outbox\\?after=\\d+&limit=\\d+"
              + "|POST /v1/outbox/[^/?]+/(open|click|unsubscribe)"
              + "|POST /admin/clock/advance\\?by=PT\\d+H"
              + "|POST /admin/drain\\?timeout=PT5M"
              + "|GET /v1/users/[^/?]+\\?decisionLimit=\\d+"
              + "|GET /v1/schema");

  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void fortyUsersOverTenDaysGetTheSameMessagesFromThePlatformThroughItsHttpApiAlone()
      throws Exception {
    Run first = run();
    Run second = run();

    assertThat(first.result().messagesPerUser()).isPositive();
    assertThat(first.result().messagesByIntervention())
        .extracting(ArmResult.InterventionCount::intervention)
        .contains("welcome");
    assertThat(first.requests()).extracting(HttpRequest::method).contains("POST", "GET");
    URI base = first.requests().get(0).uri().resolve("/");
    assertThat(first.requests())
        .allSatisfy(
            r -> {
              assertThat(r.uri().resolve("/")).isEqualTo(base);
              assertThat(call(r)).matches(ALLOWED);
            });
    assertThat(first.requests()).anySatisfy(r -> assertThat(r.uri().getPath()).endsWith("/open"));

    assertThat(first.models().total())
        .as("decisions that weighed interventions, read back from the decision log")
        .isPositive();
    assertThat(first.models().byModels()).as("no model can be trained in ten days").isZero();
    assertThat(first.models().by("prior") + first.models().by("table"))
        .isEqualTo(first.models().total());

    assertThat(second.messages()).isEqualTo(first.messages());
    assertThat(second.models()).isEqualTo(first.models());
    assertThat(second.result()).isEqualTo(first.result());
    assertThat(second.calls()).isEqualTo(first.calls());
  }

  private record Run(
      ArmResult result, List<HttpRequest> requests, List<Message> messages, ModelUse models) {
    /** The calls after the platform was up (how often it was asked whether it is up varies). */
    List<String> calls() {
      return requests.stream()
          .map(SimulatorBoundaryIT::call)
          .filter(call -> !call.equals("GET /v1/schema"))
          .toList();
    }
  }

  private static Run run() throws Exception {
    ModelParameters p = ModelParameters.defaults();
    List<Traits> population = Population.draw(42, 40, START, 3, p);
    Simulation simulation = new Simulation(population, p, 42, START, 3, 7);
    List<HttpRequest> requests = new CopyOnWriteArrayList<>();
    List<Message> messages = new ArrayList<>();
    try (PlatformProcess platform =
        PlatformProcess.start(Path.of(System.getProperty("platform.jar")), START, requests::add)) {
      Messenger recording =
          new RecordingMessenger(new PlatformMessenger(platform.platform()), messages);
      ArmResult result = simulation.run("platform", recording, h -> {});
      ModelUse models = ModelUse.of(JudgedDecision.read(platform.platform(), population, START));
      return new Run(result, requests, messages, models);
    }
  }

  /** Method, path and query, without the port, which differs from process to process. */
  private static String call(HttpRequest r) {
    return r.method()
        + " "
        + r.uri().getRawPath()
        + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery());
  }
}

package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.testing.Profiles;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployable jar (gcp-*-function.jar) run by the Functions Framework's invoker with exactly the
 * configuration terraform/ gives each function ({@link TerraformDeployment}): its entry point as
 * target, the signature type the platform derives from its trigger ({@code
 * FUNCTION_SIGNATURE_TYPE}, which the invoker obeys instead of guessing from the class), its stage
 * and the environment the functions module adds. Eventarc's binary-mode CloudEvent then reaches the
 * stage. Run by failsafe after {@code package}; Maven passes the two jars' paths.
 */
@ExtendWith(GcpEmulators.class)
class FunctionJarIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final FunctionsFixture fixture;

  FunctionJarIT(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    fixture = FunctionsFixture.start(pubSub, firestore);
  }

  @Test
  void ingestFromTheJarRefusesARequestWithoutAKey() throws Exception {
    try (Invoker ingest = Invoker.start(TerraformDeployment.of("ingest"), fixture)) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(ingest.uri("/v1/events"))
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{}"))
                  .build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("\"code\":\"missing_api_key\"");
    }
  }

  @Test
  void decideFromTheJarTakesEventarcsCloudEventAndPublishesTheDecision() throws Exception {
    Instant noon = Instant.parse("2026-11-26T12:00:00Z");
    var profile =
        Profiles.user("jar-user")
            .app("app-jar")
            .email("jar@example.com")
            .consent(Channel.EMAIL, true)
            .timezone("Europe/Paris")
            .build();
    GcpAdapters.profileStore(fixture.firestore).update("app-jar", "jar-user", p -> profile);
    CloudEvent event =
        FunctionsFixture.eventarc(
            new Signal(
                Signal.VERSION,
                "sig-jar",
                "app-jar",
                "jar-user",
                SignalType.PAYMENT_FAILED,
                noon,
                Map.of()),
            "m-jar");

    try (Invoker decide = Invoker.start(TerraformDeployment.of("decide"), fixture)) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(decide.uri("/"))
                  .header("ce-specversion", "1.0")
                  .header("ce-id", event.getId())
                  .header("ce-source", event.getSource().toString())
                  .header("ce-type", event.getType())
                  .header("ce-time", event.getTime().toString())
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofByteArray(event.getData().toBytes()))
                  .build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }
    Decision decision =
        Json.decode(
            fixture
                .awaitMessage(Topics.DECISIONS, FunctionsFixture.forKey("app-jar/jar-user"))
                .getData()
                .toByteArray(),
            Decision.class);
    assertThat(decision.signalId()).isEqualTo("sig-jar");
  }

  /**
   * On Google Cloud (Cloud Run's {@code K_SERVICE} set) the invoker logs JSON lines; the function's
   * carry the trace of the message's {@code traceparent} in Cloud Logging's field, so that Logs
   * Explorer shows the line in the trace of the event that led to it.
   */
  @Test
  void onGoogleCloudALogLineCarriesTheTraceOfTheMessageItIsAbout() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    CloudEvent event =
        FunctionsFixture.eventarc(
            Topics.SIGNALS,
            "m-traced",
            "not a signal".getBytes(StandardCharsets.UTF_8),
            Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"),
            "app-jar/traced-user");

    try (Invoker decide =
        Invoker.start(TerraformDeployment.of("decide"), fixture, Map.of("K_SERVICE", "decide"))) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(decide.uri("/"))
                  .header("ce-specversion", "1.0")
                  .header("ce-id", event.getId())
                  .header("ce-source", event.getSource().toString())
                  .header("ce-type", event.getType())
                  .header("ce-time", event.getTime().toString())
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofByteArray(event.getData().toBytes()))
                  .build(),
              BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);

      var line =
          Files.readAllLines(decide.log()).stream()
              .filter(l -> l.startsWith("{") && l.contains("messageId=m-traced"))
              .map(l -> Json.tree(l.getBytes(StandardCharsets.UTF_8)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no JSON line about m-traced"));
      assertThat(line.path("severity").asString()).isEqualTo("WARNING");
      assertThat(line.path("message").asString()).contains("dead-lettered");
      assertThat(line.path("logging.googleapis.com/trace").asString())
          .isEqualTo("projects/" + FunctionsFixture.PROJECT + "/traces/" + traceId);
      assertThat(line.path("logging.googleapis.com/spanId").asString())
          .isEqualTo("00f067aa0ba902b7");
    }
  }

  /**
   * What the issue this guards against looked like: a topic-triggered function deployed without an
   * event trigger is an HTTP function to the platform, and the invoker cannot serve the entry
   * point.
   */
  @Test
  void theEventEntryPointDeployedAsAnHttpFunctionDoesNotStart() throws Exception {
    TerraformDeployment decide = TerraformDeployment.of("decide");
    TerraformDeployment asHttp =
        new TerraformDeployment(decide.name(), decide.entryPoint(), "http", decide.environment());

    Process process = Invoker.launch(asHttp, fixture, freePort());
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the invoker gives up").isTrue();
      assertThat(process.exitValue()).isNotZero();
    } finally {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The invoker serving one function of the jar in a JVM of its own, stopped on close. */
  private record Invoker(Process process, int port, Path log) implements AutoCloseable {
    static Invoker start(TerraformDeployment deployment, FunctionsFixture fixture)
        throws IOException, InterruptedException {
      return start(deployment, fixture, Map.of());
    }

    /** With {@code environment} added, e.g. Cloud Run's {@code K_SERVICE}. */
    static Invoker start(
        TerraformDeployment deployment, FunctionsFixture fixture, Map<String, String> environment)
        throws IOException, InterruptedException {
      int port = freePort();
      Path log = Files.createTempFile("invoker-" + deployment.name(), ".log");
      Invoker invoker = new Invoker(launch(deployment, fixture, port, log, environment), port, log);
      invoker.awaitListening();
      return invoker;
    }

    static Process launch(TerraformDeployment deployment, FunctionsFixture fixture, int port)
        throws IOException {
      return launch(
          deployment,
          fixture,
          port,
          Files.createTempFile("invoker-" + deployment.name(), ".log"),
          Map.of());
    }

    static Process launch(
        TerraformDeployment deployment,
        FunctionsFixture fixture,
        int port,
        Path log,
        Map<String, String> environment)
        throws IOException {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar("invoker.jar").toString(),
                  "--classpath",
                  jar("function.jar").toString(),
                  "--target",
                  deployment.entryPoint(),
                  "--port",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(fixture.environment);
      builder.environment().putAll(deployment.environment());
      builder.environment().putAll(environment);
      builder.environment().put(TerraformDeployment.SIGNATURE_TYPE, deployment.signatureType());
      return builder.start();
    }

    private static Path jar(String property) {
      Path jar = Path.of(System.getProperty(property, "missing " + property));
      assertThat(jar).as("%s (run by failsafe after package)", property).isRegularFile();
      return jar;
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitListening() throws InterruptedException {
      for (int attempt = 0; attempt < 600; attempt++) {
        assertThat(process.isAlive()).as("invoker running").isTrue();
        try (var socket = new Socket("127.0.0.1", port)) {
          return;
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      throw new AssertionError("the invoker did not listen on " + port + " within 60 s");
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}

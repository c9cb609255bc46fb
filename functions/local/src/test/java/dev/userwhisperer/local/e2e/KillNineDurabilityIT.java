package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.message.UserEventBatches;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * "Accepted" means durable: the platform runs in a child JVM, clients post batches, the JVM is
 * killed with SIGKILL while requests are in flight, and after a restart on the same data directory
 * every event that had been answered {@code accepted} is on the bus, once, and a resend of it is a
 * duplicate.
 */
class KillNineDurabilityIT {
  private static final String KEY = "uw_durability_test_key_0123456789";
  private static final int CLIENTS = 6;
  private static final int BATCH = 50;

  @TempDir Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private Process platform;

  @AfterEach
  void stop() throws InterruptedException {
    if (platform != null) {
      platform.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyAcceptedEventSurvivesAKillNineOfTheProcess() throws Exception {
    int port = freePort();
    platform = start(port);
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Set<String> sentBeforeKill = ConcurrentHashMap.newKeySet();
    AtomicBoolean posting = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.submit(
          () -> {
            for (int n = 0; posting.get(); n++) {
              List<String> ids = new ArrayList<>();
              String body = batch(client, n, ids);
              sentBeforeKill.addAll(ids);
              try {
                HttpResponse<String> r = post(port, body);
                if (r.statusCode() == 202) {
                  for (JsonNode result : Json.tree(r.body().getBytes()).get("results")) {
                    if (result.get("status").asString().equals("accepted")) {
                      accepted.add(result.get("messageId").asString());
                    }
                  }
                }
              } catch (IOException e) {
                return; // the process died under this request: it was never answered
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          });
    }
    while (accepted.size() < 5_000) {
      Thread.sleep(50);
    }
    platform.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
    assertThat(platform.waitFor(30, TimeUnit.SECONDS)).isTrue();
    posting.set(false);
    clients.shutdown();
    assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    Set<String> acceptedBeforeKill = Set.copyOf(accepted);

    platform = start(port);
    List<String> onTheBus = eventsOnTheBus();
    assertThat(onTheBus).doesNotHaveDuplicates();
    assertThat(new HashSet<>(onTheBus)).containsAll(acceptedBeforeKill);
    assertThat(sentBeforeKill).containsAll(onTheBus);

    List<String> resend = List.copyOf(acceptedBeforeKill).subList(0, 500);
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < resend.size(); i++) {
      body.append(i == 0 ? "" : ",").append(event(resend.get(i), "u-" + i));
    }
    HttpResponse<String> again = post(port, body.append("]}").toString());
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(Json.tree(again.body().getBytes()).get("duplicates").asInt()).isEqualTo(500);
  }

  /**
   * The messageIds of every event waiting on the {@code events} topic, read from the intake's file.
   */
  private List<String> eventsOnTheBus() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("intake.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT data FROM bus_messages WHERE topic = 'events'")) {
      while (rs.next()) {
        UserEventBatches message = Json.decode(rs.getBytes(1), UserEventBatches.class);
        for (UserEventBatch batch : message.batches()) {
          batch.events().stream().map(Event::messageId).forEach(ids::add);
        }
      }
    }
    return ids;
  }

  private Process start(int port) throws Exception {
    Path log = Files.createTempFile(dataDir, "platform", ".log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.userwhisperer.local.LocalPlatform",
                "--server.port=" + port,
                "--whisperer.data-dir=" + dataDir,
                "--whisperer.demo-api-key=" + KEY,
                // the bus delivers only when drained: every accepted event stays on it
                "--whisperer.reproducible=true",
                "--whisperer.clock-start=2026-03-02T10:00:00Z")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/schema"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("the platform exited: " + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the platform did not start: " + Files.readString(log));
  }

  private HttpResponse<String> post(int port, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String batch(int client, int n, List<String> ids) {
    StringBuilder json = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < BATCH; i++) {
      String id = "k9-" + client + "-" + n + "-" + i;
      ids.add(id);
      json.append(i == 0 ? "" : ",").append(event(id, "user-" + ((n * BATCH + i) % 97)));
    }
    return json.append("]}").toString();
  }

  private static String event(String messageId, String userId) {
    return "{\"messageId\":\""
        + messageId
        + "\",\"type\":\"feature_used\",\"userId\":\""
        + userId
        + "\",\"properties\":{\"feature\":\"export\"}}";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

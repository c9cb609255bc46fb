package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.message.UserEventBatches;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.local.store.SqliteProfileStore;
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
 * duplicate; and with the pipeline running, every accepted event reaches its profile across the
 * intake's file and the pipeline's.
 */
class KillNineDurabilityIT {
  private static final String KEY = "uw_durability_test_key_0123456789";
  private static final int CLIENTS = 6;
  private static final int BATCH = 50;
  private static final int USERS = 97;
  private static final String ADMIN_TOKEN = "uwa_durability_admin_token";

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
    platform = start(port, false);
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Set<String> sentBeforeKill = ConcurrentHashMap.newKeySet();
    postUntilKilled(port, accepted, sentBeforeKill);
    Set<String> acceptedBeforeKill = Set.copyOf(accepted);

    platform = start(port, false);
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
   * The pipeline runs while clients post and is killed with them: the intake's file and the
   * pipeline's commit apart, and after a restart that drains the bus every accepted event has been
   * folded into its user's profile (none lost between the files).
   */
  @Test
  void everyAcceptedEventReachesItsProfileWhenThePipelineIsKilledMidDrain() throws Exception {
    int port = freePort();
    platform = start(port, true);
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    postUntilKilled(port, accepted, ConcurrentHashMap.newKeySet());

    platform = start(port, true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (eventsWaiting(port) > 0) {
      assertThat(System.nanoTime()).as("the bus drains").isLessThan(deadline);
      Thread.sleep(200);
    }
    platform.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Set<String> folded = new HashSet<>();
    try (SqliteDatabase db = new SqliteDatabase(dataDir.resolve("whisperer.db"))) {
      SqliteProfileStore profiles = new SqliteProfileStore(db);
      for (int u = 0; u < USERS; u++) {
        profiles.find("demo", "user-" + u).ifPresent(p -> folded.addAll(p.recentMessageIds()));
      }
    }
    assertThat(folded).containsAll(accepted);
  }

  /** Clients post until the platform has accepted 5,000 events, then it is killed with SIGKILL. */
  private void postUntilKilled(int port, Set<String> accepted, Set<String> sentBeforeKill)
      throws Exception {
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
  }

  /** Messages of the {@code events} topic pending or in flight, from the admin API. */
  private long eventsWaiting(int port) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/bus"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode events = Json.tree(r.body().getBytes()).get("topics").get("events");
    return events.get("pending").asLong() + events.get("inFlight").asLong();
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

  /**
   * Starts the platform on the data directory; without {@code pipeline} the bus delivers only when
   * drained, so every accepted event stays on it.
   */
  private Process start(int port, boolean pipeline) throws Exception {
    Path log = Files.createTempFile(dataDir, "platform", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.userwhisperer.local.LocalPlatform",
                "--server.port=" + port,
                "--whisperer.data-dir=" + dataDir,
                "--whisperer.demo-api-key=" + KEY,
                "--whisperer.admin-enabled=true",
                "--whisperer.admin-token=" + ADMIN_TOKEN,
                "--whisperer.clock-start=2026-03-02T10:00:00Z"));
    if (!pipeline) {
      command.add("--whisperer.reproducible=true");
    }
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
    p.destroyForcibly(); // not left running after the test
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
      json.append(i == 0 ? "" : ",").append(event(id, "user-" + ((n * BATCH + i) % USERS)));
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

package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.local.LocalPlatform;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Accepted means durable": the platform runs as its own process, takes a batch, answers 202 and is
 * killed with SIGKILL at once; started again on the same data directory, it finishes the work and
 * every accepted event is in the profiles.
 */
class CrashDurabilityIT {
  private static final String KEY = "uw_crash_test_key";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path dataDir;

  @Test
  void everyEventAcceptedBeforeAKillMinusNineIsAppliedAfterTheRestart() throws Exception {
    int port = freePort();
    ApiClient api = new ApiClient("http://localhost:" + port, KEY);
    String batch =
        IntStream.range(0, 500)
            .mapToObj(
                i ->
                    "{\"messageId\":\"crash-"
                        + i
                        + "\",\"type\":\"feature_used\",\"userId\":\"user-"
                        + (i % 50)
                        + "\"}")
            .collect(Collectors.joining(",", "{\"batch\":[", "]}"));

    Process first = start(port);
    try {
      awaitUp(api, first);
      ApiClient.Response accepted = api.postEvents(batch);
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(accepted.json().get("accepted").asInt()).isEqualTo(500);
    } finally {
      first.destroyForcibly().waitFor();
    }

    Process second = start(port);
    try {
      awaitUp(api, second);
      api.drain();
      long applied =
          IntStream.range(0, 50)
              .mapToLong(
                  u ->
                      api.get("/v1/users/user-" + u)
                          .json()
                          .get("profile")
                          .get("activity")
                          .get("eventCount")
                          .asLong())
              .sum();
      assertThat(applied).isEqualTo(500);
      assertThat(api.postEvents(batch).json().get("duplicates").asInt()).isEqualTo(500);
    } finally {
      second.destroyForcibly().waitFor();
    }
  }

  private Process start(int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LocalPlatform.class.getName(),
                "--server.port=" + port,
                "--whisperer.data-dir=" + dataDir,
                "--whisperer.demo-api-key=" + KEY,
                "--whisperer.admin-enabled=true",
                "--whisperer.admin-token=" + ApiClient.ADMIN_TOKEN))
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("platform.log").toFile())
        .start();
  }

  private static void awaitUp(ApiClient api, Process process) throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the platform exited with " + process.exitValue());
      }
      try {
        if (api.get("/v1/schema").status() == 200) {
          return;
        }
      } catch (RuntimeException notYetListening) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the platform did not start within " + START_TIMEOUT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

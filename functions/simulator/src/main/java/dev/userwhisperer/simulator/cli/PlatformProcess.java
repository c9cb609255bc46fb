package dev.userwhisperer.simulator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The platform as a child process started from its runnable jar: a fresh data directory, a free
 * port, the admin API on, and reproducible ({@code whisperer.reproducible}): its clock stands at
 * the simulation's start and moves only when the simulator advances it, and its pipeline runs only
 * when drained, so the same seed gives the same messages. Closing it stops the process and deletes
 * the data, unless a directory to keep it in was given.
 */
public final class PlatformProcess implements AutoCloseable {
  static final String API_KEY = "uw_simulator_key";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final Path dataDir;
  private final boolean keepData;
  private final HttpPlatform platform;

  private PlatformProcess(Process process, Path dataDir, boolean keepData, HttpPlatform platform) {
    this.process = process;
    this.dataDir = dataDir;
    this.keepData = keepData;
    this.platform = platform;
  }

  /**
   * Starts the platform and waits until it answers.
   *
   * @param requests sees every HTTP request the simulator sends it
   */
  public static PlatformProcess start(Path jar, Instant clockStart, Consumer<HttpRequest> requests)
      throws IOException, InterruptedException {
    return start(jar, clockStart, requests, null, List.of());
  }

  /**
   * As {@link #start(Path, Instant, Consumer)}, keeping the platform's data (SQLite state, DuckDB
   * warehouse, log) in {@code keepDataIn} after closing when not null, for inspecting its
   * decisions, and with further settings ({@code whisperer.decide.holdout-percent=0}).
   */
  public static PlatformProcess start(
      Path jar,
      Instant clockStart,
      Consumer<HttpRequest> requests,
      Path keepDataIn,
      List<String> settings)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "no platform jar at "
              + jar
              + "; build it with ./mvnw -q -pl functions/local -am package -DskipTests");
    }
    Path dataDir =
        keepDataIn == null
            ? Files.createTempDirectory("whisperer-sim-")
            : Files.createDirectories(keepDataIn);
    int port = freePort();
    String adminToken = "uwa_" + UUID.randomUUID();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                Stream.concat(
                        Stream.of(
                            java,
                            "-jar",
                            jar.toString(),
                            "--server.port=" + port,
                            "--whisperer.data-dir=" + dataDir,
                            "--whisperer.demo-api-key=" + API_KEY,
                            "--whisperer.admin-enabled=true",
                            "--whisperer.admin-token=" + adminToken,
                            "--whisperer.clock-start=" + clockStart,
                            "--whisperer.reproducible=true"),
                        settings.stream().map(setting -> "--" + setting))
                    .toList())
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("platform.log").toFile())
            .start();
    HttpPlatform platform =
        new HttpPlatform(URI.create("http://127.0.0.1:" + port), API_KEY, adminToken, requests);
    PlatformProcess started = new PlatformProcess(process, dataDir, keepDataIn != null, platform);
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!platform.isUp()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        String log = Files.readString(dataDir.resolve("platform.log"));
        started.close();
        throw new IllegalStateException("the platform did not start:\n" + log);
      }
      Thread.sleep(250);
    }
    return started;
  }

  public HttpPlatform platform() {
    return platform;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (keepData) {
      return;
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dataDir, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package dev.userwhisperer.gcp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Google Cloud CLI emulator in its own process group. {@code gcloud … start} forks a Java server
 * that outlives a killed gcloud, so the emulator runs under {@code setsid} and {@link #close} ends
 * the whole group.
 */
final class EmulatorProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatorProcess.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  /**
   * A JDK for the emulators other than the build's: current Firestore emulators need Java 21 while
   * the code builds and runs on 17 (CI sets it; unset, the emulators run on the java of PATH).
   */
  static final String EMULATOR_JAVA_HOME = "EMULATOR_JAVA_HOME";

  enum Kind {
    PUBSUB(
        "Pub/Sub",
        "pubsub-emulator",
        List.of("beta", "emulators", "pubsub", "start", "--project=whisperer-test"),
        "google-cloud-cli-pubsub-emulator"),
    FIRESTORE(
        "Firestore",
        "cloud-firestore-emulator",
        List.of("emulators", "firestore", "start"),
        "google-cloud-cli-firestore-emulator");

    final String title;
    final String component;
    final List<String> gcloudArgs;
    final String aptPackage;

    Kind(String title, String component, List<String> gcloudArgs, String aptPackage) {
      this.title = title;
      this.component = component;
      this.gcloudArgs = gcloudArgs;
      this.aptPackage = aptPackage;
    }

    String installHint() {
      return "Install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install) and the "
          + title
          + " emulator: `gcloud components install beta "
          + component
          + "`, or on a Debian/Ubuntu package install `sudo apt-get install "
          + aptPackage
          + "`.";
    }
  }

  private final Kind kind;
  private final Process process;
  private final String hostPort;
  private final Path output;
  private final Duration startup;
  private boolean closed;

  private EmulatorProcess(Kind kind, Process process, String hostPort, Path log, Duration startup) {
    this.kind = kind;
    this.process = process;
    this.hostPort = hostPort;
    this.output = log;
    this.startup = startup;
  }

  String hostPort() {
    return hostPort;
  }

  Duration startup() {
    return startup;
  }

  /**
   * gcloud starts the emulator with the java it finds first on PATH: put {@code javaHome}'s first.
   */
  static void emulatorJava(String javaHome, Map<String, String> environment) {
    if (javaHome == null || javaHome.isBlank()) {
      return;
    }
    Path bin = Path.of(javaHome, "bin");
    if (!Files.isExecutable(bin.resolve("java"))) {
      throw new IllegalStateException(
          EMULATOR_JAVA_HOME + "=" + javaHome + " holds no bin/java for the emulators");
    }
    environment.put("JAVA_HOME", javaHome);
    environment.put("PATH", bin + File.pathSeparator + environment.getOrDefault("PATH", ""));
  }

  /** Starts the emulator on a free port and returns once it answers HTTP; fails if it cannot. */
  static EmulatorProcess start(Kind kind) {
    return start(kind, System.getenv().getOrDefault("PATH", ""));
  }

  /** As {@link #start(Kind)}, looking for gcloud on {@code path}. */
  static EmulatorProcess start(Kind kind, String path) {
    Path gcloud = findGcloud(kind, path);
    checkComponent(kind, gcloud);
    String hostPort = "127.0.0.1:" + freePort();
    List<String> command = new ArrayList<>(List.of("setsid", gcloud.toString()));
    command.addAll(kind.gcloudArgs);
    command.add("--host-port=" + hostPort);
    long t0 = System.nanoTime();
    try {
      Path log = Files.createTempFile("emulator-" + kind.component + "-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      emulatorJava(System.getenv(EMULATOR_JAVA_HOME), builder.environment());
      Process process = builder.start();
      EmulatorProcess emulator = awaitReady(kind, process, hostPort, log, t0);
      LOG.info(
          "{} emulator ready on {} in {} ms", kind.title, hostPort, emulator.startup.toMillis());
      return emulator;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start the "
              + kind.title
              + " emulator ("
              + String.join(" ", command)
              + "): "
              + e.getMessage()
              + ". "
              + kind.installHint(),
          e);
    }
  }

  private static EmulatorProcess awaitReady(
      Kind kind, Process process, String hostPort, Path log, long t0) throws IOException {
    long deadline = t0 + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (answers(hostPort)) {
        return new EmulatorProcess(
            kind, process, hostPort, log, Duration.ofNanos(System.nanoTime() - t0));
      }
      if (!process.isAlive()) {
        String problem =
            " emulator exited with "
                + process.exitValue()
                + " before it was ready. "
                + kind.installHint();
        // stops what it may have forked and deletes its output, once quoted
        String output = tail(log);
        new EmulatorProcess(kind, process, hostPort, log, Duration.ZERO).close();
        throw new IllegalStateException(kind.title + problem + "\nIts output:\n" + output);
      }
      sleep(100);
    }
    String output = tail(log);
    new EmulatorProcess(kind, process, hostPort, log, Duration.ZERO).close();
    throw new IllegalStateException(
        kind.title
            + " emulator did not answer on "
            + hostPort
            + " within "
            + READY_TIMEOUT.toSeconds()
            + " s. Its output:\n"
            + output);
  }

  /** Both emulators answer {@code GET /} with 200 "Ok" once they serve. */
  private static boolean answers(String hostPort) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create("http://" + hostPort + "/").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(1000);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  private static Path findGcloud(Kind kind, String path) {
    Optional<Path> onPath =
        Arrays.stream(path.split(File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .map(dir -> Path.of(dir, "gcloud"))
            .filter(Files::isExecutable)
            .findFirst();
    return onPath.orElseThrow(
        () -> new IllegalStateException("gcloud is not on the PATH. " + kind.installHint()));
  }

  /** A gcloud that lacks the component would prompt to install it; say what to do instead. */
  private static void checkComponent(Kind kind, Path gcloud) {
    try {
      Path platform = gcloud.toRealPath().getParent().getParent().resolve("platform");
      if (Files.isDirectory(platform) && !Files.isDirectory(platform.resolve(kind.component))) {
        throw new IllegalStateException(
            "the "
                + kind.title
                + " emulator is not installed (no "
                + platform.resolve(kind.component)
                + "). "
                + kind.installHint());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an emulator", e);
    }
  }

  /**
   * Ends the emulator's process group (gcloud, its wrapper scripts and the Java server). setsid
   * made the gcloud process the group leader, so the group id is its pid. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> members = new ArrayList<>(process.descendants().toList());
    members.add(process.toHandle());
    try {
      new ProcessBuilder("kill", "-TERM", "--", "-" + process.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      members.forEach(ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle member : members) {
      while (member.isAlive() && System.nanoTime() < deadline) {
        sleep(50);
      }
      if (member.isAlive()) {
        member.destroyForcibly();
      }
    }
    LOG.info("{} emulator on {} stopped", kind.title, hostPort);
    // failures quote the output's tail in their message, so the file is not needed afterwards
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", output, e.getMessage());
    }
  }
}

package dev.userwhisperer.sdk;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The platform's runnable jar ({@code functions/local}) as a child process on a free port and a
 * fresh data directory, with a known secret key and admin token; closing it stops the process and
 * deletes the data.
 */
final class LocalPlatform implements AutoCloseable {
  static final String SECRET_KEY = "uw_sdk_java_test_secret_key";
  static final String ADMIN_TOKEN = "uwa_sdk_java_test_admin_token";

  private final Process process;
  private final Path dataDir;
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalPlatform(Process process, Path dataDir, String base) {
    this.process = process;
    this.dataDir = dataDir;
    this.base = base;
  }

  static LocalPlatform start() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("platform.jar", "missing"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no platform jar at "
              + jar
              + "; build it first: ./mvnw -q package -DskipTests -pl functions/local -am");
    }
    Path dataDir = Files.createTempDirectory("whisperer-sdk-java-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--whisperer.data-dir=" + dataDir,
                "--whisperer.demo-api-key=" + SECRET_KEY,
                "--whisperer.admin-enabled=true",
                "--whisperer.admin-token=" + ADMIN_TOKEN)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("platform.log").toFile())
            .start();
    LocalPlatform platform = new LocalPlatform(process, dataDir, "http://127.0.0.1:" + port);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (!platform.isUp()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        String log = Files.readString(dataDir.resolve("platform.log"));
        platform.close();
        throw new IllegalStateException("the platform did not start:\n" + log);
      }
      Thread.sleep(250);
    }
    return platform;
  }

  String baseUrl() {
    return base;
  }

  private boolean isUp() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(base + "/v1/schema")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (ConnectException notYet) {
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A write key of the demo app, issued by the admin API. */
  String issueWriteKey() {
    JsonElement issued =
        call(
            "POST",
            "/admin/apps/demo/keys",
            ADMIN_TOKEN,
            "{\"kind\":\"write\",\"name\":\"sdk-java\"}",
            201);
    return issued.getAsJsonObject().get("key").getAsString();
  }

  /** Runs the pipeline until every event sent so far is in the profiles. */
  void drain() {
    JsonElement drained = call("POST", "/admin/drain?timeout=PT60S", ADMIN_TOKEN, "", 200);
    if (!drained.getAsJsonObject().get("idle").getAsBoolean()) {
      throw new IllegalStateException("the pipeline did not drain: " + drained);
    }
  }

  /** {@code GET /v1/users/{userId}} with the secret key. */
  JsonElement user(String encodedUserId) {
    return call("GET", "/v1/users/" + encodedUserId, SECRET_KEY, null, 200);
  }

  private JsonElement call(String method, String path, String token, String body, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            method + " " + path + ": " + response.statusCode() + " " + response.body());
      }
      return JsonParser.parseString(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dataDir, e);
    }
  }
}

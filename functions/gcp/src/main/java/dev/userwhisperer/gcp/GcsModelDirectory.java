package dev.userwhisperer.gcp;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.models.effect.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The {@link ModelDirectory} in a Cloud Storage bucket, over the JSON API ({@code storage/v1}): one
 * object per file of the layout, under {@code prefix}. Object writes are atomic, so a reader of
 * {@code live} sees the old version or the new one. A version's model files are written only if
 * absent ({@code ifGenerationMatch=0}), so a version is never changed once written; its record
 * files (verdict, registration) are replaced. {@link #version} copies a version into a local cache
 * directory for xgboost4j to load, downloading only the objects whose generation it has not got.
 */
final class GcsModelDirectory implements ModelDirectory {
  private final HttpClient http;
  private final String baseUrl;
  private final String bucket;
  private final String prefix;
  private final Path cache;
  private final Supplier<String> accessToken;
  private final Map<String, Long> cachedGenerations = new ConcurrentHashMap<>();

  /**
   * @param baseUrl {@code https://storage.googleapis.com}, or a stub's
   * @param location {@code gs://bucket} or {@code gs://bucket/prefix}
   * @param cache a local directory for copies of the versions read
   * @param accessToken an OAuth access token with a storage scope, fetched per call
   */
  GcsModelDirectory(
      HttpClient http, String baseUrl, String location, Path cache, Supplier<String> accessToken) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    if (!location.startsWith("gs://") || location.length() <= "gs://".length()) {
      throw new IllegalArgumentException("the model bucket must be a gs:// URI: " + location);
    }
    String path = location.substring("gs://".length()).replaceAll("/+$", "");
    int slash = path.indexOf('/');
    this.bucket = slash < 0 ? path : path.substring(0, slash);
    this.prefix = slash < 0 ? "" : path.substring(slash + 1) + "/";
    this.cache = Objects.requireNonNull(cache, "cache");
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
  }

  @Override
  public Path version(Slot slot, String version) {
    ModelDirectory.requireName(version, "version");
    String objects = versionPrefix(slot, version);
    Path local = cache.resolve(slot.path()).resolve(version);
    try {
      for (JsonNode item : list(objects, false).items()) {
        String name = item.path("name").asString();
        long generation = item.path("generation").asLong(0);
        Path file = local.resolve(name.substring(objects.length()));
        if (file.getParent().equals(local)
            && !(Files.exists(file) && Objects.equals(cachedGenerations.get(name), generation))) {
          Files.createDirectories(local);
          Path tmp = Files.createTempFile(local, file.getFileName().toString(), ".tmp");
          Files.write(
              tmp, read(name).orElseThrow(() -> new IllegalStateException("gone: " + name)));
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
          cachedGenerations.put(name, generation);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + location(slot, version) + " to " + local, e);
    }
    return local;
  }

  @Override
  public String location(Slot slot, String version) {
    return "gs://" + bucket + "/" + versionPrefix(slot, version);
  }

  @Override
  public void writeVersion(Slot slot, String version, Path from) {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        upload(versionPrefix(slot, version) + f.getFileName(), Files.readAllBytes(f), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + from, e);
    }
  }

  @Override
  public void writeVersionFile(Slot slot, String version, String name, byte[] content) {
    ModelDirectory.requireName(name, "file name");
    upload(versionPrefix(slot, version) + name, content, false);
  }

  @Override
  public Optional<String> live(Slot slot) {
    return read(slotPrefix(slot) + LIVE_FILE)
        .map(b -> new String(b, StandardCharsets.UTF_8).strip())
        .filter(v -> !v.isEmpty());
  }

  @Override
  public void promote(Slot slot, String version) {
    if (list(versionPrefix(slot, version), false).items().isEmpty()) {
      throw new IllegalArgumentException("no model version " + location(slot, version));
    }
    upload(slotPrefix(slot) + LIVE_FILE, (version + "\n").getBytes(StandardCharsets.UTF_8), false);
  }

  @Override
  public void recordTraining(Slot slot, byte[] json) {
    upload(slotPrefix(slot) + TRAINING_FILE, json, false);
  }

  @Override
  public Optional<byte[]> lastTraining(Slot slot) {
    return read(slotPrefix(slot) + TRAINING_FILE);
  }

  @Override
  public List<Slot> slots() {
    List<Slot> slots = new ArrayList<>();
    for (String app : children(prefix)) {
      for (String intervention : children(prefix + app + "/" + UPLIFT + "/")) {
        slots.add(new Slot(app, intervention));
      }
    }
    return slots;
  }

  @Override
  public List<Slot> churnSlots() {
    List<Slot> slots = new ArrayList<>();
    for (String app : children(prefix)) {
      Listing churn = list(prefix + app + "/" + CHURN + "/", true);
      if (!churn.items().isEmpty() || !churn.prefixes().isEmpty()) {
        slots.add(Slot.churn(app));
      }
    }
    return slots;
  }

  @Override
  public List<String> versions(Slot slot) {
    return children(slotPrefix(slot));
  }

  private String slotPrefix(Slot slot) {
    return prefix + slot.path() + "/";
  }

  private String versionPrefix(Slot slot, String version) {
    return slotPrefix(slot) + version + "/";
  }

  /** The names one level below {@code parent} ("folders"), sorted, valid names only. */
  private List<String> children(String parent) {
    return list(parent, true).prefixes().stream()
        .map(p -> p.substring(parent.length(), p.length() - 1))
        .filter(n -> NAME.matcher(n).matches())
        .distinct()
        .sorted()
        .toList();
  }

  private record Listing(List<JsonNode> items, List<String> prefixes) {}

  /**
   * {@code objects.list} of every page: the objects under {@code parent}, and with {@code folders}
   * only the direct ones, plus the common prefixes one level down.
   */
  private Listing list(String parent, boolean folders) {
    List<JsonNode> items = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String pageToken = null;
    do {
      String url =
          baseUrl
              + "/storage/v1/b/"
              + encode(bucket)
              + "/o?prefix="
              + encode(parent)
              + (folders ? "&delimiter=%2F" : "")
              + "&fields=items(name,generation),prefixes,nextPageToken"
              + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
      HttpResponse<byte[]> response = send(request(url).GET(), "list " + parent);
      JsonNode page = Json.tree(response.body());
      page.path("items").forEach(items::add);
      page.path("prefixes").forEach(p -> prefixes.add(p.asString()));
      pageToken = page.path("nextPageToken").asString(null);
    } while (pageToken != null && !pageToken.isEmpty());
    return new Listing(items, prefixes);
  }

  /**
   * {@code objects.get} with {@code alt=media}: the object's bytes, empty when it does not exist.
   */
  private Optional<byte[]> read(String name) {
    String url = baseUrl + "/storage/v1/b/" + encode(bucket) + "/o/" + encode(name) + "?alt=media";
    HttpResponse<byte[]> response = send(request(url).GET(), "read " + name);
    return response.statusCode() == 404 ? Optional.empty() : Optional.of(response.body());
  }

  /**
   * A simple upload ({@code uploadType=media}); {@code onlyIfAbsent} makes it a no-op for an object
   * that exists (the server answers 412 to {@code ifGenerationMatch=0}).
   */
  private void upload(String name, byte[] content, boolean onlyIfAbsent) {
    String url =
        baseUrl
            + "/upload/storage/v1/b/"
            + encode(bucket)
            + "/o?uploadType=media&name="
            + encode(name)
            + (onlyIfAbsent ? "&ifGenerationMatch=0" : "");
    send(
        request(url)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(content)),
        "write " + name);
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + accessToken.get());
  }

  /**
   * Sends a request; 404 and 412 are answers the callers read, 408, 429 and 5xx a transient
   * failure, any other error status a permanent one.
   */
  private HttpResponse<byte[]> send(HttpRequest.Builder request, String what) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new TransientFailure("Cloud Storage unreachable: " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted: " + what, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2 || status == 404 || status == 412) {
      return response;
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    if (status == 408 || status == 429 || status >= 500) {
      throw new TransientFailure("Cloud Storage answered " + status + " to " + what + ": " + body);
    }
    throw new IllegalStateException(
        "Cloud Storage answered " + status + " to " + what + ": " + body);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

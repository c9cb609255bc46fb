package dev.userwhisperer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Measures how fast the pipeline behind ingest drains: posts {@code --events} events through the
 * ingest API, one event per user per message (every event of a request has its own user: ingest
 * publishes one bus message per request holding a user batch of one event for each), then watches
 * {@code GET /admin/bus} once a second until the events, signals, decisions and outbound topics are
 * empty, and reports each stage's messages per second. About one event in {@value #SIGNUP_EVERY} is
 * a {@code user_signup}, which raises a signal that decide turns into a (welcome) decision; the
 * rest are product events that only move the profile.
 *
 * <p>To measure the pipeline alone, load with the runner started with {@code
 * --whisperer.pipeline.enabled=false} and {@code --drain false}, restart it with the pipeline on
 * and run again with {@code --events 0}; {@code --pid} of the runner adds the CPU time it spent
 * while draining (Linux), which says more than the rate on a machine shared with other work. Events
 * go to user {@code n mod --users}, so {@code --events} a multiple of {@code --users} gives every
 * user that many events (the later ones on a warm profile).
 *
 * <pre>
 * ./mvnw -q -pl functions/bench compile exec:java -Dexec.mainClass=dev.userwhisperer.bench.PipelineLoad \
 *   -Dexec.args="--url http://localhost:8080 --key uw_bench_key --admin-token uwa_bench --events 200000 --users 200000"
 * </pre>
 */
public final class PipelineLoad {
  static final int SIGNUP_EVERY = 50;
  private static final List<String> STAGE_TOPICS =
      List.of("events", "signals", "decisions", "outbound.email", "outbound.push", "outbound.sms");
  private static final String[] PRODUCT_EVENTS = {
    "page_viewed", "feature_used", "page_viewed", "user_login", "session_started", "feature_used"
  };

  private final Options options;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  PipelineLoad(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    PipelineLoad load = new PipelineLoad(options);
    if (options.events() > 0) {
      load.post(System.err);
    }
    if (options.drain()) {
      System.out.println(load.watchDrain(System.err));
    }
  }

  /** Posts the events in batches from the configured connections; fails on any refused batch. */
  void post(PrintStream progress) throws Exception {
    long batches = (options.events() + options.batch() - 1) / options.batch();
    AtomicLong next = new AtomicLong();
    AtomicLong posted = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(options.connections());
    long started = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < options.connections(); w++) {
      running.add(
          workers.submit(
              () -> {
                for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                  long from = b * options.batch();
                  int size = (int) Math.min(options.batch(), options.events() - from);
                  postBatch(body(from, size));
                  posted.addAndGet(size);
                }
                return null;
              }));
    }
    workers.shutdown();
    while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
      progress.printf("posted %,d events%n", posted.get());
    }
    for (Future<?> f : running) {
      f.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    progress.printf(
        "posted %,d events in %.1f s (%,.0f events/s)%n",
        posted.get(), seconds, posted.get() / seconds);
  }

  private void postBatch(String body) throws IOException, InterruptedException {
    while (true) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(options.url() + "/v1/events"))
                  .header("Authorization", "Bearer " + options.key())
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        return;
      }
      if (response.statusCode() != 429) {
        throw new IllegalStateException(
            "ingest answered " + response.statusCode() + ": " + response.body());
      }
      Thread.sleep(
          TimeUnit.SECONDS.toMillis(response.headers().firstValueAsLong("Retry-After").orElse(1)));
    }
  }

  /** Events {@code from} to {@code from + size - 1}: each of its own user, unique messageIds. */
  String body(long from, int size) {
    StringBuilder out = new StringBuilder(size * 200).append("{\"batch\":[");
    String now = Instant.now().toString();
    for (int i = 0; i < size; i++) {
      long n = from + i;
      String type =
          n % SIGNUP_EVERY == 0 ? "user_signup" : PRODUCT_EVENTS[(int) (n % PRODUCT_EVENTS.length)];
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"messageId\":\"")
          .append(options.runId())
          .append('-')
          .append(n)
          .append("\",\"type\":\"")
          .append(type)
          .append("\",\"userId\":\"pipe-user-")
          .append(n % options.users())
          .append("\",\"timestamp\":\"")
          .append(now)
          .append("\",\"properties\":{\"feature\":\"export\",\"page\":\"/home\"}")
          .append(",\"context\":{\"locale\":\"en-US\",\"timezone\":\"Europe/Paris\"}}");
    }
    return out.append("]}").toString();
  }

  /**
   * Polls the bus until nothing is pending or in flight on the stage topics for two polls in a row
   * (or for {@code --seconds}, when given); the rate of each stage is its deliveries between its
   * first and last poll with a change.
   */
  String watchDrain(PrintStream progress) throws Exception {
    Map<String, long[]> firstAndLast = new HashMap<>(); // topic -> {delivered0, t0, delivered1, t1}
    Map<String, Long> previous = new HashMap<>();
    long started = System.nanoTime();
    long cpuStart = options.pid() > 0 ? cpuMillis(options.pid()) : 0;
    int idlePolls = 0;
    long stopAt =
        options.seconds() > 0
            ? started + TimeUnit.SECONDS.toNanos(options.seconds())
            : Long.MAX_VALUE;
    while (idlePolls < 2 && System.nanoTime() < stopAt) {
      JsonNode topics = busTopics();
      long now = System.nanoTime();
      long outstanding = 0;
      StringBuilder line =
          new StringBuilder(String.format("%4ds", TimeUnit.NANOSECONDS.toSeconds(now - started)));
      for (String topic : STAGE_TOPICS) {
        JsonNode t = topics.path(topic);
        long delivered = t.path("delivered").asLong();
        long waiting = t.path("pending").asLong() + t.path("inFlight").asLong();
        outstanding += waiting;
        Long before = previous.put(topic, delivered);
        if (before == null) {
          firstAndLast.put(topic, new long[] {delivered, now, delivered, now});
        } else if (delivered != before) {
          long[] fl = firstAndLast.get(topic);
          if (fl[0] == fl[2]) { // first change: count from the poll before it
            fl[1] = fl[3];
          }
          fl[2] = delivered;
          fl[3] = now;
          line.append(
              String.format("  %s %,d/s (%,d waiting)", topic, delivered - before, waiting));
        }
      }
      progress.println(line);
      idlePolls = outstanding == 0 ? idlePolls + 1 : 0;
      if (idlePolls < 2) {
        Thread.sleep(1000);
      }
    }
    StringBuilder report =
        new StringBuilder(
            "| topic (stage) | messages | seconds | messages/s |\n|---|---:|---:|---:|\n");
    for (String topic : STAGE_TOPICS) {
      long[] fl = firstAndLast.get(topic);
      long messages = fl[2] - fl[0];
      if (messages == 0) {
        continue;
      }
      double seconds = Math.max(1e-9, (fl[3] - fl[1]) / 1e9);
      report.append(
          String.format(
              "| %s | %,d | %.1f | %,.0f |%n", topic, messages, seconds, messages / seconds));
    }
    if (options.pid() > 0) {
      long cpu = cpuMillis(options.pid()) - cpuStart;
      // an events message is one ingest request: --batch events, one per user
      long events =
          (firstAndLast.get("events")[2] - firstAndLast.get("events")[0]) * options.batch();
      report.append(
          String.format(
              "%nthe runner used %,.1f CPU-seconds while draining %,d events (--batch per events"
                  + " message): %.1f CPU-ms per 1,000 events, so %,.0f events per CPU-second%n",
              cpu / 1000.0,
              events,
              1000.0 * cpu / Math.max(1, events),
              events * 1000.0 / Math.max(1, cpu)));
    }
    return report.toString();
  }

  /** User plus system CPU time of a process, from /proc (Linux; clock ticks of 10 ms). */
  private static long cpuMillis(long pid) throws IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  private JsonNode busTopics() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(options.url() + "/admin/bus"))
                .header("Authorization", "Bearer " + options.adminToken())
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /admin/bus answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body()).path("topics");
  }

  /** The command line. */
  record Options(
      String url,
      String key,
      String adminToken,
      long events,
      int users,
      int batch,
      int connections,
      boolean drain,
      long pid,
      int seconds,
      String runId) {
    Options {
      if (events < 0 || users < 1 || batch < 1 || batch > 1000 || connections < 1) {
        throw new IllegalArgumentException(
            "need --events >= 0, --users >= 1, --batch 1..1000, --connections >= 1");
      }
      if (batch > users) {
        throw new IllegalArgumentException(
            "--batch must not exceed --users: one event per user per message");
      }
      if (drain && adminToken == null) {
        throw new IllegalArgumentException("--admin-token is required to watch the drain");
      }
    }

    static Options parse(String[] args) {
      Map<String, String> a = new HashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
        }
        a.put(args[i].substring(2), args[i + 1]);
      }
      return new Options(
          a.getOrDefault("url", "http://localhost:8080"),
          a.get("key"),
          a.get("admin-token"),
          Long.parseLong(a.getOrDefault("events", "200000")),
          Integer.parseInt(a.getOrDefault("users", "200000")),
          Integer.parseInt(a.getOrDefault("batch", "100")),
          Integer.parseInt(a.getOrDefault("connections", "8")),
          Boolean.parseBoolean(a.getOrDefault("drain", "true")),
          Long.parseLong(a.getOrDefault("pid", "0")),
          Integer.parseInt(a.getOrDefault("seconds", "0")),
          a.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36)));
    }
  }
}

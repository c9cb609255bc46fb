package dev.userwhisperer.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Posts batches of events to a running ingest API as fast as it takes them, from a fixed number of
 * concurrent connections, for a fixed time, and reports events/s and request latency percentiles.
 *
 * <pre>
 * ./mvnw -q -pl functions/bench exec:java -Dexec.args="--url http://localhost:8080 --key uw_… --seconds 30"
 * </pre>
 *
 * <p>Every event has a new messageId, by default a random UUID ({@code --ids sequential} for ids
 * counting up per connection).
 */
public final class IngestLoad {
  private final LoadOptions options;
  private final HttpClient http;
  private final Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
  private final AtomicLong eventsAccepted = new AtomicLong();
  private final AtomicLong requestsFailed = new AtomicLong();
  private final AtomicLong requestsThrottled = new AtomicLong();

  IngestLoad(LoadOptions options) {
    this.options = options;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * Runs the load against each of {@code --paths} in turn (by default {@code /v1/events}; with
   * {@code /bench/raw,/v1/events}, the server's raw-HTTP reference first, then ingest, in one run)
   * and prints one table row per path.
   */
  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);
    List<String> rows = new ArrayList<>();
    for (String path : options.paths()) {
      System.err.println("== " + path);
      LoadReport report = new IngestLoad(options.withPath(path)).run(System.err);
      rows.add(report.toMarkdown(options.withPath(path)));
    }
    System.out.println(
        "| date | path | connections | batch | users | seconds | events/s accepted | p50 ms | p90 ms"
            + " | p99 ms | p99.9 ms | max ms | throttled | failed |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  LoadReport run(PrintStream progress) throws InterruptedException {
    warmUp();
    ExecutorService workers = Executors.newFixedThreadPool(options.connections());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
    List<Future<?>> running = new ArrayList<>();
    for (int worker = 0; worker < options.connections(); worker++) {
      int workerId = worker;
      running.add(workers.submit(() -> postUntil(deadline, workerId, true)));
    }
    Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    long started = System.nanoTime();
    long lastEvents = 0;
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      Histogram interval = latencies.getIntervalHistogram();
      total.add(interval);
      long events = eventsAccepted.get();
      progress.printf(
          "%3ds  %,9d events/s  p99 %6.1f ms  (total %,d, throttled %d, failed %d)%n",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
          events - lastEvents,
          interval.getValueAtPercentile(99) / 1e6,
          events,
          requestsThrottled.get(),
          requestsFailed.get());
      lastEvents = events;
    }
    workers.shutdown();
    workers.awaitTermination(30, TimeUnit.SECONDS);
    total.add(latencies.getIntervalHistogram());
    double seconds = (System.nanoTime() - started) / 1e9;
    return new LoadReport(
        eventsAccepted.get(), seconds, total, requestsThrottled.get(), requestsFailed.get());
  }

  private void warmUp() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
    postUntil(deadline, -1, false);
  }

  private void postUntil(long deadline, int workerId, boolean record) {
    long sequence = 0;
    while (System.nanoTime() < deadline) {
      String body =
          EventBatches.batch(
              options.runId(),
              workerId,
              sequence++,
              options.batchSize(),
              options.users(),
              options.messageIds());
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(options.url() + options.path()))
              .header("Authorization", "Bearer " + options.apiKey())
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      long start = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (!record) {
          continue;
        }
        if (response.statusCode() == 202) {
          latencies.recordValue(took);
          eventsAccepted.addAndGet(options.batchSize());
        } else if (response.statusCode() == 429) {
          requestsThrottled.incrementAndGet();
          sleepRetryAfter(response);
        } else {
          requestsFailed.incrementAndGet();
        }
      } catch (java.io.IOException e) {
        requestsFailed.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void sleepRetryAfter(HttpResponse<String> response) throws InterruptedException {
    long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
  }

  /** What one run measured. */
  record LoadReport(long events, double seconds, Histogram latency, long throttled, long failed) {
    String toMarkdown(LoadOptions o) {
      return String.format(
          "| %s | `%s` | %d | %d | %,d | %d | %,.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d |",
          Instant.now().toString().substring(0, 10),
          o.path(),
          o.connections(),
          o.batchSize(),
          o.users(),
          o.seconds(),
          events / seconds,
          ms(latency, 50),
          ms(latency, 90),
          ms(latency, 99),
          ms(latency, 99.9),
          latency.getMaxValue() / 1e6,
          throttled,
          failed);
    }

    private static double ms(Histogram h, double percentile) {
      return h.getValueAtPercentile(percentile) / 1e6;
    }
  }
}

package dev.userwhisperer.sdk;

import dev.userwhisperer.sdk.generated.ApiClient;
import dev.userwhisperer.sdk.generated.ApiException;
import dev.userwhisperer.sdk.generated.api.EventsApi;
import dev.userwhisperer.sdk.generated.model.Batch;
import dev.userwhisperer.sdk.generated.model.IngestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Sends events to User Whisperer in batches: {@link #enqueue} queues an event and returns at once;
 * a batch goes out when {@code flushAt} events are queued or every {@code flushInterval}, gzip
 * compressed, through the client generated from the platform's OpenAPI document. A batch the
 * platform could not take (429, 5xx, no answer) is sent again under the {@link RetryPolicy}, with
 * the same messageIds, so the platform counts each event once however often it is sent. What became
 * of every batch goes to the {@link Listener}.
 *
 * <pre>{@code
 * try (WhispererClient whisperer = WhispererClient.builder(writeKey)
 *     .endpoint("https://ingest.example.com").build()) {
 *   whisperer.track("user-42", "feature_used", Map.of("feature", "export_csv"));
 * }
 * }</pre>
 */
public final class WhispererClient implements AutoCloseable {
  /** The platform takes at most this many events per request. */
  public static final int MAX_BATCH = 1000;

  private static final System.Logger LOG = System.getLogger(WhispererClient.class.getName());

  private final EventsApi events;
  private final BlockingQueue<Event> queue;
  private final int flushAt;
  private final RetryPolicy retry;
  private final Listener listener;
  private final ScheduledExecutorService sender;

  private WhispererClient(Builder b) {
    OkHttpClient http =
        (b.http != null ? b.http.newBuilder() : new OkHttpClient.Builder())
            .addInterceptor(new GzipBodies())
            .build();
    ApiClient api = new ApiClient(http);
    api.setBasePath(b.endpoint);
    api.setBearerToken(b.apiKey);
    api.setUserAgent("user-whisperer-java");
    this.events = new EventsApi(api);
    this.queue = new ArrayBlockingQueue<>(b.maxQueueSize);
    this.flushAt = b.flushAt;
    this.retry = b.retry;
    this.listener = b.listener;
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "user-whisperer-sender");
              t.setDaemon(true);
              return t;
            });
    long interval = b.flushInterval.toMillis();
    sender.scheduleWithFixedDelay(this::sendQueued, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** A client sending with {@code apiKey} (a write key is enough). */
  public static Builder builder(String apiKey) {
    return new Builder(apiKey);
  }

  /**
   * Queues the event for the next batch; when the queue is full, or the client closed, the event
   * goes to {@link Listener#failed} at once.
   */
  public void enqueue(Event event) {
    Objects.requireNonNull(event, "event");
    if (sender.isShutdown()) {
      listener.failed(List.of(event), new IllegalStateException("the client is closed"));
      return;
    }
    if (!queue.offer(event)) {
      listener.failed(List.of(event), new IllegalStateException("the event queue is full"));
      return;
    }
    if (queue.size() >= flushAt) {
      sender.execute(this::sendQueued);
    }
  }

  public void track(String userId, String type, Map<String, ?> properties) {
    enqueue(Event.of(type).userId(userId).properties(properties).build());
  }

  public void identify(String userId, Map<String, ?> traits) {
    enqueue(Event.of("identify").userId(userId).traits(traits).build());
  }

  /**
   * The user known until now by {@code anonymousId} is {@code userId}: the platform merges the
   * anonymous profile into the identified one.
   */
  public void alias(String anonymousId, String userId) {
    enqueue(Event.of("alias").userId(userId).property("previousId", anonymousId).build());
  }

  /** Sends everything queued so far and returns when each batch was delivered or given up. */
  public void flush() {
    try {
      sender.submit(this::sendQueued).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("sending failed", e.getCause());
    }
  }

  /** Flushes, then stops the sending thread; closing again does nothing. */
  @Override
  public synchronized void close() {
    if (sender.isShutdown()) {
      return;
    }
    flush();
    sender.shutdown();
  }

  private void sendQueued() {
    while (!queue.isEmpty()) {
      List<Event> batch = new ArrayList<>(flushAt);
      queue.drainTo(batch, flushAt);
      send(batch);
    }
  }

  private void send(List<Event> batch) {
    Batch body = new Batch().batch(batch.stream().map(e -> (Object) e.toJson()).toList());
    for (int attempt = 1; ; attempt++) {
      ApiException failure;
      try {
        IngestResult result = events.sendEvents(body, null);
        listener.sent(batch, result);
        return;
      } catch (ApiException e) {
        failure = e;
      }
      if (!RetryPolicy.retryable(failure.getCode()) || attempt >= retry.maxAttempts()) {
        listener.failed(batch, failure);
        return;
      }
      Duration wait = retry.delay(attempt - 1, retryAfter(failure), ThreadLocalRandom.current());
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        listener.failed(batch, e);
        return;
      }
    }
  }

  /** The whole seconds of the answer's Retry-After (OkHttp lower-cases header names). */
  private static OptionalLong retryAfter(ApiException e) {
    if (e.getResponseHeaders() == null) {
      return OptionalLong.empty();
    }
    for (var header : e.getResponseHeaders().entrySet()) {
      if (header.getKey().equalsIgnoreCase("Retry-After") && !header.getValue().isEmpty()) {
        try {
          return OptionalLong.of(Math.max(0, Long.parseLong(header.getValue().get(0).strip())));
        } catch (NumberFormatException notSeconds) {
          return OptionalLong.empty(); // an HTTP date: the platform never sends one
        }
      }
    }
    return OptionalLong.empty();
  }

  /** Settings of a {@link WhispererClient}. */
  public static final class Builder {
    private final String apiKey;
    private String endpoint = "http://localhost:8080";
    private int flushAt = 100;
    private Duration flushInterval = Duration.ofSeconds(5);
    private int maxQueueSize = 10_000;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private OkHttpClient http;
    private Listener listener =
        (events, cause) ->
            LOG.log(
                System.Logger.Level.WARNING,
                "{0} events not delivered: {1}",
                events.size(),
                cause.toString());

    private Builder(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    /** The platform's base URL, e.g. {@code https://ingest.example.com}. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint.replaceAll("/+$", "");
      return this;
    }

    /** Send as soon as this many events are queued (1 to 1000; 100 by default). */
    public Builder flushAt(int flushAt) {
      if (flushAt < 1 || flushAt > MAX_BATCH) {
        throw new IllegalArgumentException("flushAt must be 1 to " + MAX_BATCH + ": " + flushAt);
      }
      this.flushAt = flushAt;
      return this;
    }

    /** Send what is queued at least this often (5 s by default). */
    public Builder flushInterval(Duration flushInterval) {
      if (flushInterval.isNegative() || flushInterval.isZero()) {
        throw new IllegalArgumentException("flushInterval must be positive");
      }
      this.flushInterval = flushInterval;
      return this;
    }

    /** Events kept while the platform is unreachable (10,000 by default). */
    public Builder maxQueueSize(int maxQueueSize) {
      if (maxQueueSize < 1) {
        throw new IllegalArgumentException("maxQueueSize must be positive");
      }
      this.maxQueueSize = maxQueueSize;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** Your own OkHttp client (timeouts, proxy); gzip is added to it. */
    public Builder httpClient(OkHttpClient http) {
      this.http = http;
      return this;
    }

    /** Hears about every batch; by default failures are logged (counts only, no event data). */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public WhispererClient build() {
      return new WhispererClient(this);
    }
  }
}

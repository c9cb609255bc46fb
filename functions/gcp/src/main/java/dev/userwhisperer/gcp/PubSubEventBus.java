package dev.userwhisperer.gcp;

import com.google.api.core.ApiFuture;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.telemetry.TraceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link EventBus} on Pub/Sub: one {@link Publisher} per topic, the message's JSON as data, its id
 * in the {@value #ID_ATTRIBUTE} attribute and, when its topic is ordered ({@link Ordering}), its
 * {@link PipelineMessage#orderingKey()} as ordering key.
 *
 * <p>The Cloud Functions publish {@link Ordering#UNORDERED}: Eventarc's push subscriptions do not
 * deliver in order, so a key would order nothing, and with keys the client forms one batch, hence
 * one request of at least 1 KB billed, per key, i.e. per user (docs/cost.md). Unordered, the
 * messages of one call share requests. Where the analyze pull worker reads {@code events}, ingest
 * publishes {@link Ordering#EVENTS_BY_USER}: the key (app and user) is what routes all of a user's
 * batches to the one worker instance that holds the user's window and cached profile. The local
 * runner's bus on the emulator orders.
 *
 * <p>{@link #publish} waits for every message's acknowledgement from Pub/Sub, which is what makes
 * them durable when it returns. When a message fails, the publisher pauses its ordering key, so
 * that later messages of the key cannot overtake it. The failure is thrown to the caller, whose
 * retry (a redelivery of its input) publishes the key's messages again: so each key is resumed when
 * it fails and again when a later call publishes it. The second resume is needed because the client
 * completes the failed futures just before it pauses the key, so the first can come too early;
 * within one call every earlier message of the key has completed, so nothing is overtaken.
 *
 * <p>The client (1.148) can throw {@link ConcurrentModificationException} out of {@link
 * Publisher#publishAllOutstanding} (googleapis/java-pubsub#2377): when a key's batch fails at once
 * as it is handed over, the failure callback runs on the flushing thread and removes the key's
 * batch from the map that the flush is iterating. The failed key's messages are failed futures by
 * then and the batches the flush had not reached are still outstanding, so {@link #flush} flushes
 * again, and the failures are reported like any other.
 */
final class PubSubEventBus implements EventBus, AutoCloseable {
  static final String ID_ATTRIBUTE = "id";

  /**
   * Batching for throughput. A batch goes out at 1000 messages (the API's maximum per request), at
   * 4 MB (well under the 10 MB request limit, so one batch is one request even with attribute
   * overhead) or after 20 ms. {@link #publish} flushes once it has handed over all its messages, so
   * the delay only bounds how long messages published concurrently by other threads wait to share a
   * request; it never adds to a single caller's latency. With ordering, batches form per ordering
   * key, so these thresholds matter most for the large per-user batches of busy users.
   */
  static final BatchingSettings BATCHING =
      BatchingSettings.newBuilder()
          .setElementCountThreshold(1000L)
          .setRequestByteThreshold(4_000_000L)
          .setDelayThresholdDuration(Duration.ofMillis(20))
          // bounded memory: a burst blocks the publishing thread instead of exhausting the heap
          .setFlowControlSettings(
              FlowControlSettings.newBuilder()
                  .setMaxOutstandingElementCount(20_000L)
                  .setMaxOutstandingRequestBytes(64L * 1024 * 1024)
                  .setLimitExceededBehavior(LimitExceededBehavior.Block)
                  .build())
          .build();

  /** Flushes attempted before giving up on a publisher whose every flush is interrupted. */
  static final int FLUSH_ATTEMPTS = 16;

  /** Which topics' messages carry their ordering key, published in order by it. */
  enum Ordering {
    /** Every topic. */
    ORDERED,
    /** None. */
    UNORDERED,
    /**
     * Only {@code events}, whose key is the app and user: an ordered subscription then delivers
     * each user's batches to one subscriber client (the analyze pull worker's routing).
     */
    EVENTS_BY_USER;

    boolean orders(String topic) {
      return this == ORDERED || (this == EVENTS_BY_USER && Topics.EVENTS.equals(topic));
    }
  }

  private final PubSubClients clients;
  private final Ordering ordering;
  private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();

  PubSubEventBus(PubSubClients clients, Ordering ordering) {
    this.clients = clients;
    this.ordering = ordering;
  }

  /**
   * @throws TransientFailure when any message was not accepted by Pub/Sub (the others may have
   *     been: subscribers see a redelivered input's outputs at least once)
   */
  @Override
  public void publish(List<? extends PipelineMessage> messages) {
    List<Pending> pending = new ArrayList<>(messages.size());
    Set<Publisher> used = new LinkedHashSet<>();
    for (PipelineMessage message : messages) {
      Publisher publisher = publisher(message.topic());
      boolean ordered = ordering.orders(message.topic());
      if (ordered) {
        publisher.resumePublish(message.orderingKey());
      }
      used.add(publisher);
      pending.add(new Pending(message, publisher, publisher.publish(toPubsub(message, ordered))));
    }
    used.forEach(PubSubEventBus::flush);
    awaitAll(pending);
  }

  /**
   * Hands the publisher's outstanding batches over, again after the client's re-entrant failure.
   */
  static void flush(Publisher publisher) {
    for (int attempt = 1; ; attempt++) {
      try {
        publisher.publishAllOutstanding();
        return;
      } catch (ConcurrentModificationException e) {
        if (attempt == FLUSH_ATTEMPTS) {
          throw new TransientFailure(
              "publisher of " + publisher.getTopicNameString() + " failed to flush", e);
        }
      }
    }
  }

  /**
   * Publishes a message that is not a pipeline message (a dead letter) and waits for it.
   *
   * @throws TransientFailure when Pub/Sub did not accept it
   */
  void publishUnordered(String topic, PubsubMessage message) {
    Publisher publisher = publisher(topic);
    ApiFuture<String> future = publisher.publish(message);
    flush(publisher);
    try {
      future.get();
    } catch (ExecutionException e) {
      throw new TransientFailure("message not published to " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while publishing to " + topic, e);
    }
  }

  /**
   * The message with its id and, when published inside a span, the span's W3C {@code traceparent}
   * as attributes, so that the subscriber's span continues the trace.
   */
  static PubsubMessage toPubsub(PipelineMessage message, boolean ordered) {
    PubsubMessage.Builder pubsub =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(Json.encode(message)))
            .putAttributes(ID_ATTRIBUTE, message.id());
    if (ordered) {
      pubsub.setOrderingKey(message.orderingKey());
    }
    String traceparent = TraceContext.current();
    if (traceparent != null) {
      pubsub.putAttributes(TraceContext.TRACEPARENT, traceparent);
    }
    return pubsub.build();
  }

  private void awaitAll(List<Pending> pending) {
    Pending firstFailed = null;
    Throwable firstCause = null;
    int failed = 0;
    for (Pending p : pending) {
      try {
        p.future().get();
      } catch (ExecutionException e) {
        if (ordering.orders(p.message().topic())) {
          p.publisher().resumePublish(p.message().orderingKey());
        }
        if (failed++ == 0) {
          firstFailed = p;
          firstCause = e.getCause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientFailure("interrupted while publishing to " + p.message().topic(), e);
      }
    }
    if (failed > 0) {
      throw new TransientFailure(
          failed
              + " of "
              + pending.size()
              + " messages not published, the first "
              + firstFailed.message().id()
              + " to "
              + firstFailed.message().topic(),
          firstCause);
    }
  }

  private Publisher publisher(String topic) {
    return publishers.computeIfAbsent(
        topic,
        t -> {
          try {
            return clients
                .publisher(t)
                .setEnableMessageOrdering(ordering.orders(t))
                .setBatchingSettings(BATCHING)
                .build();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create the publisher of " + t, e);
          }
        });
  }

  /** Sends what is outstanding and releases the publishers; the clients stay open. */
  @Override
  public void close() throws InterruptedException {
    for (Publisher publisher : publishers.values()) {
      publisher.shutdown();
    }
    for (Publisher publisher : publishers.values()) {
      publisher.awaitTermination(30, TimeUnit.SECONDS);
    }
    publishers.clear();
  }

  private record Pending(PipelineMessage message, Publisher publisher, ApiFuture<String> future) {}
}

package dev.userwhisperer.local.bus;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.gcp.PubSubClients;
import dev.userwhisperer.telemetry.TraceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runner's bus on Pub/Sub (the emulator): messages are published by the Google Cloud
 * adapter ({@code PubSubEventBus}) and each subscribed topic is served by a streaming-pull {@link
 * Subscriber} of an ordered subscription {@value #SUBSCRIPTION_PREFIX}{@code <topic>}, created with
 * the topics when absent. A handler that returns acknowledges the message; one that throws nacks it
 * after the {@link BusConfig#backoff} of its attempt, so Pub/Sub redelivers it, and after {@link
 * BusConfig#maxAttempts} the message is acknowledged and kept as a dead letter in this process (the
 * emulator has no dead-letter policies), from where {@link #redrive} publishes it again.
 *
 * <p>Idleness is counted in this process: per topic, the messages published through it against
 * those acknowledged or dead-lettered, and nothing in a handler. Messages published by another
 * process, or left on the subscriptions by an earlier run, are delivered but not waited for.
 */
public final class PubSubPipelineBus implements PipelineBus, AutoCloseable {
  static final String SUBSCRIPTION_PREFIX = "local-";
  private static final Logger log = LoggerFactory.getLogger(PubSubPipelineBus.class);
  private static final String ID_ATTRIBUTE = "id";
  private static final int MAX_ERROR_LENGTH = 4000;
  private static final int DEAD_LETTERS_KEPT = 10_000;

  private final PubSubClients clients;
  private final EventBus publisher;
  private final BusConfig config;
  private final Clock clock;
  private final Map<String, Counters> counters = new ConcurrentHashMap<>();
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<String, Deque<DeadLetter>> deadLetters = new ConcurrentHashMap<>();
  private final Object idleMonitor = new Object();

  /**
   * Creates {@code topics} and their subscriptions where absent, so that what is published before a
   * subscriber starts is kept for it.
   *
   * @param publisher the Pub/Sub {@link EventBus} of {@code clients}; closed with this bus when it
   *     is {@link AutoCloseable}
   * @param clock when messages are dead-lettered (wall-clock time: infrastructure, not event time)
   */
  public PubSubPipelineBus(
      PubSubClients clients,
      EventBus publisher,
      List<String> topics,
      BusConfig config,
      Clock clock) {
    this.clients = clients;
    this.publisher = publisher;
    this.config = config;
    this.clock = clock;
    try (TopicAdminClient topicAdmin = TopicAdminClient.create(clients.topicAdminSettings());
        SubscriptionAdminClient subscriptionAdmin =
            SubscriptionAdminClient.create(clients.subscriptionAdminSettings())) {
      for (String topic : topics) {
        TopicName topicName = TopicName.of(clients.projectId(), topic);
        try {
          topicAdmin.createTopic(topicName);
        } catch (AlreadyExistsException e) {
          // created by an earlier run: its subscription holds what that run left
        }
        try {
          subscriptionAdmin.createSubscription(
              Subscription.newBuilder()
                  .setName(
                      ProjectSubscriptionName.format(
                          clients.projectId(), SUBSCRIPTION_PREFIX + topic))
                  .setTopic(topicName.toString())
                  .setEnableMessageOrdering(true)
                  .setAckDeadlineSeconds(60)
                  .build());
        } catch (AlreadyExistsException e) {
          // likewise
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach Pub/Sub to create the topics", e);
    }
  }

  @Override
  public void publish(List<? extends PipelineMessage> messages) {
    publisher.publish(messages);
    // counted once Pub/Sub has them; whoever publishes is in a handler or returns before a drain
    messages.forEach(m -> counters(m.topic()).published.incrementAndGet());
  }

  @Override
  public void subscribe(String topic, MessageHandler handler) {
    Subscriber subscriber =
        clients
            .subscriber(
                SUBSCRIPTION_PREFIX + topic,
                (message, reply) -> receive(topic, handler, message, reply))
            .setParallelPullCount(1)
            .setFlowControlSettings(
                FlowControlSettings.newBuilder().setMaxOutstandingElementCount(1000L).build())
            .build();
    if (subscribers.putIfAbsent(topic, subscriber) != null) {
      throw new IllegalStateException("topic " + topic + " already has a subscriber");
    }
    counters(topic);
    subscriber.addListener(
        new ApiService.Listener() {
          @Override
          public void failed(ApiService.State from, Throwable failure) {
            log.error("the subscriber of {} stopped", topic, failure);
          }
        },
        MoreExecutors.directExecutor());
    subscriber.startAsync().awaitRunning();
  }

  private void receive(
      String topic, MessageHandler handler, PubsubMessage message, AckReplyConsumer reply) {
    Counters c = counters(topic);
    c.inFlight.incrementAndGet();
    String pubsubId = message.getMessageId();
    int attempt = attempts.merge(pubsubId, 1, Integer::sum);
    try {
      handler.handle(
          new BusMessage(
              topic,
              message.getAttributesOrDefault(ID_ATTRIBUTE, pubsubId),
              message.getOrderingKey(),
              message.getData().toByteArray(),
              attempt,
              message.getAttributesOrDefault(TraceContext.TRACEPARENT, null),
              Timestamps.toMillis(message.getPublishTime())));
      attempts.remove(pubsubId);
      reply.ack();
      c.delivered.incrementAndGet();
    } catch (Exception e) {
      failed(topic, message, reply, attempt, e);
    } finally {
      c.inFlight.decrementAndGet();
      synchronized (idleMonitor) {
        idleMonitor.notifyAll();
      }
    }
  }

  private void failed(
      String topic, PubsubMessage message, AckReplyConsumer reply, int attempt, Exception e) {
    String pubsubId = message.getMessageId();
    if (attempt >= config.maxAttempts()) {
      attempts.remove(pubsubId);
      Deque<DeadLetter> dead =
          deadLetters.computeIfAbsent(topic, t -> new ConcurrentLinkedDeque<>());
      dead.addFirst(
          new DeadLetter(
              topic,
              message.getAttributesOrDefault(ID_ATTRIBUTE, pubsubId),
              message.getOrderingKey(),
              message.getData().toByteArray(),
              attempt,
              errorOf(e),
              clock.instant()));
      if (dead.size() > DEAD_LETTERS_KEPT) {
        dead.pollLast();
      }
      reply.ack();
      counters(topic).deadLettered.incrementAndGet();
      log.warn("dead-lettered message {} of {} after {} attempts", pubsubId, topic, attempt, e);
      return;
    }
    log.debug(
        "message {} of {} failed on attempt {}; redelivered after backoff",
        pubsubId,
        topic,
        attempt,
        e);
    try {
      // the emulator redelivers a nack at once: the backoff is waited out here
      Thread.sleep(config.backoff(attempt).toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    reply.nack();
  }

  private static String errorOf(Exception e) {
    String error = e.getClass().getName() + ": " + e.getMessage();
    return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
  }

  @Override
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!idle()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (idleMonitor) {
        TimeUnit.NANOSECONDS.timedWait(
            idleMonitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
    return true;
  }

  private boolean idle() {
    for (String topic : subscribers.keySet()) {
      Counters c = counters(topic);
      if (c.inFlight.get() > 0 || c.published.get() > c.delivered.get() + c.deadLettered.get()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Map<String, TopicStats> stats() {
    Map<String, TopicStats> stats = new TreeMap<>();
    counters.forEach(
        (topic, c) -> {
          long inFlight = c.inFlight.get();
          long done = c.delivered.get() + c.deadLettered.get();
          long pending = Math.max(0, c.published.get() - done - inFlight);
          stats.put(
              topic,
              new TopicStats(
                  topic,
                  pending,
                  inFlight,
                  deadLetters.getOrDefault(topic, new ConcurrentLinkedDeque<>()).size(),
                  c.delivered.get()));
        });
    return stats;
  }

  @Override
  public List<DeadLetter> deadLetters(String topic, int limit) {
    return deadLetters.getOrDefault(topic, new ConcurrentLinkedDeque<>()).stream()
        .limit(limit)
        .toList();
  }

  /**
   * Publishes the dead letters of {@code topic} again, in the order they died.
   *
   * @throws TransientFailure when Pub/Sub did not take them all; those not taken stay dead letters
   */
  @Override
  public int redrive(String topic) {
    Deque<DeadLetter> dead = deadLetters.getOrDefault(topic, new ConcurrentLinkedDeque<>());
    List<DeadLetter> taken = new ArrayList<>();
    for (DeadLetter letter = dead.pollLast(); letter != null; letter = dead.pollLast()) {
      taken.add(letter);
    }
    if (taken.isEmpty()) {
      return 0;
    }
    Publisher redriver;
    try {
      redriver = clients.publisher(topic).setEnableMessageOrdering(true).build();
    } catch (IOException e) {
      taken.forEach(dead::addLast);
      throw new UncheckedIOException("cannot create a publisher of " + topic, e);
    }
    try {
      List<ApiFuture<String>> futures = new ArrayList<>();
      for (DeadLetter letter : taken) {
        futures.add(
            redriver.publish(
                PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom(letter.data()))
                    .setOrderingKey(letter.orderingKey())
                    .putAttributes(ID_ATTRIBUTE, letter.id())
                    .build()));
      }
      redriver.publishAllOutstanding();
      int published = 0;
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get(30, TimeUnit.SECONDS);
          published++;
        } catch (ExecutionException | TimeoutException e) {
          dead.addFirst(taken.get(i));
        }
      }
      counters(topic).published.addAndGet(published);
      if (published < taken.size()) {
        throw new TransientFailure(
            (taken.size() - published) + " dead letters of " + topic + " not redriven");
      }
      return published;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while redriving " + topic, e);
    } finally {
      redriver.shutdown();
    }
  }

  private Counters counters(String topic) {
    return counters.computeIfAbsent(topic, t -> new Counters());
  }

  /** Stops the subscribers, letting handlers finish, then the publishers; the clients stay open. */
  @Override
  public void close() throws Exception {
    for (Subscriber subscriber : subscribers.values()) {
      subscriber.stopAsync();
    }
    for (Subscriber subscriber : subscribers.values()) {
      try {
        subscriber.awaitTerminated(30, TimeUnit.SECONDS);
      } catch (TimeoutException | IllegalStateException e) {
        log.warn("a subscriber did not stop cleanly", e);
      }
    }
    if (publisher instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private static final class Counters {
    final AtomicLong published = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
  }
}

package dev.userwhisperer.gcp;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings.ShutdownMode;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.gcp.PubSubCloudEvents.MalformedPubSubEvent;
import dev.userwhisperer.gcp.PubSubCloudEvents.PubSubDelivery;
import dev.userwhisperer.gcp.UserBatchWindow.Entry;
import dev.userwhisperer.gcp.UserBatchWindow.Group;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyze stage as a long-running pull worker (docs/cost.md, "The analyze pull worker"): it
 * streaming-pulls the {@code events} subscription, holds each user's batches until the user has
 * been quiet for the merge window (at most {@link PullWorkerSettings#maxHold()}), then runs the
 * analyze stage ({@link PubSubStage}, the same code and error policy as the Cloud Function) once
 * per user on the merged batch and only then acknowledges that user's messages.
 *
 * <ul>
 *   <li>A message that is no {@link UserEventBatch} is published to {@code events.dead-letter} with
 *       the reason and acknowledged, as the function does.
 *   <li>A group that fails is tried again message by message, so that one poison message does not
 *       hold back its user's other batches; what still fails is nacked, and Pub/Sub redelivers it
 *       until the subscription's dead-letter policy moves it to {@code events.dead-letter}.
 *   <li>Nothing is acknowledged before the stage has committed the profile and published its
 *       signals: a crash loses nothing, and the redelivered messages change no profile (the profile
 *       remembers the events it applied; signal ids derive from the events).
 *   <li>Memory is bounded by the subscriber's flow control ({@link
 *       PullWorkerSettings#maxOutstandingMessages()} and bytes): held messages count until acked;
 *       when {@link PullWorkerSettings#earlyFlushAt()} of them are held, the windows held longest
 *       close early until half as many are.
 *   <li>{@link #close} stops pulling, analyzes and acknowledges what is held, and waits for the
 *       acknowledgements to be sent, within {@link PullWorkerSettings#shutdownTimeout()}.
 * </ul>
 */
final class EventsPullWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventsPullWorker.class);

  private final PubSubClients clients;
  private final PubSubStage stage;
  private final PullWorkerSettings settings;
  private final UnaryOperator<AckReplyConsumer> replies;
  private final UserBatchWindow<AckReplyConsumer> window;
  private final ExecutorService analysts;
  private final ScheduledExecutorService timer;
  private final Counts counts = new Counts();
  private volatile Subscriber subscriber;

  EventsPullWorker(PubSubClients clients, PubSubStage stage, PullWorkerSettings settings) {
    this(clients, stage, settings, UnaryOperator.identity());
  }

  /**
   * @param replies wraps how each message is acknowledged (a test drops the acknowledgements to
   *     stand for a crash between commit and ack)
   */
  EventsPullWorker(
      PubSubClients clients,
      PubSubStage stage,
      PullWorkerSettings settings,
      UnaryOperator<AckReplyConsumer> replies) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.stage = Objects.requireNonNull(stage, "stage");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.replies = Objects.requireNonNull(replies, "replies");
    this.window = new UserBatchWindow<>(settings.maxEventsPerUser(), System::nanoTime);
    this.analysts = Executors.newFixedThreadPool(settings.parallelism(), named("analyze-worker"));
    this.timer = Executors.newSingleThreadScheduledExecutor(named("analyze-window"));
  }

  /** What the worker has done with the messages it received. */
  record Stats(long received, long acked, long nacked, long deadLettered, int held) {}

  /**
   * Starts pulling; a user's window closes once the user has been quiet for {@link
   * PullWorkerSettings#window()} or held for {@link PullWorkerSettings#maxHold()}, checked every
   * tenth of the window.
   */
  EventsPullWorker start() {
    subscriber =
        clients
            .subscriber(
                settings.subscription(), (message, reply) -> receive(message, replies.apply(reply)))
            .setFlowControlSettings(
                FlowControlSettings.newBuilder()
                    .setMaxOutstandingElementCount(settings.maxOutstandingMessages())
                    .setMaxOutstandingRequestBytes(settings.maxOutstandingBytes())
                    .setLimitExceededBehavior(LimitExceededBehavior.Block)
                    .build())
            .setMaxDurationPerAckExtensionDuration(settings.leaseExtension())
            // a message not settled by then is stuck here: Pub/Sub may hand it to another instance
            .setMaxAckExtensionPeriodDuration(settings.maxHold().plus(settings.leaseExtension()))
            .setParallelPullCount(1)
            .setExecutorProvider(
                InstantiatingExecutorProvider.newBuilder().setExecutorThreadCount(2).build())
            .setSubscriberShutdownSettings(
                SubscriberShutdownSettings.newBuilder()
                    .setMode(ShutdownMode.WAIT_FOR_PROCESSING)
                    .setTimeout(settings.shutdownTimeout())
                    .build())
            .build();
    subscriber.startAsync().awaitRunning();
    long every = Math.max(10, settings.window().toMillis() / 10);
    timer.scheduleWithFixedDelay(this::closeWindows, every, every, TimeUnit.MILLISECONDS);
    log.info(
        "stage=analyze subscription={} window={} maxHold={} parallelism={}: pulling",
        settings.subscription(),
        settings.window(),
        settings.maxHold(),
        settings.parallelism());
    return this;
  }

  /** Whether the subscriber is pulling (the health endpoint's answer). */
  boolean running() {
    Subscriber current = subscriber;
    return current != null && current.state() == ApiService.State.RUNNING;
  }

  Stats stats() {
    return new Stats(
        counts.received.get(),
        counts.acked.get(),
        counts.nacked.get(),
        counts.deadLettered.get(),
        window.messages());
  }

  /**
   * Closes every user's window now: analyzes every held group and returns once each of their
   * messages is acknowledged or nacked.
   */
  void flush() {
    analyze(window.drain()).join();
  }

  private void closeWindows() {
    try {
      analyze(window.due(settings.window(), settings.maxHold())).join();
    } catch (RuntimeException e) {
      // every group settles its own messages; this is a bug, and the next windows still close
      log.error("stage=analyze: closing windows failed", e);
    }
  }

  private void receive(PubsubMessage message, AckReplyConsumer reply) {
    counts.received.incrementAndGet();
    PubSubDelivery delivery = delivery(message);
    UserEventBatch batch;
    try {
      batch = delivery.decode(UserEventBatch.class);
    } catch (MalformedPubSubEvent e) {
      deadLetter(delivery, e.getMessage(), reply);
      return;
    }
    List<Group<AckReplyConsumer>> ready = window.add(new Entry<>(batch, delivery, reply));
    if (window.messages() >= settings.earlyFlushAt()) {
      ready = new ArrayList<>(ready);
      ready.addAll(window.closeOldest(settings.earlyFlushAt() / 2));
    }
    analyze(ready);
  }

  private void deadLetter(PubSubDelivery delivery, String reason, AckReplyConsumer reply) {
    try {
      stage.deadLetter(Topics.EVENTS, delivery, reason);
      reply.ack();
      counts.deadLettered.incrementAndGet();
    } catch (RuntimeException e) {
      log.warn(
          "stage=analyze messageId={}: could not dead-letter, nacked: {}",
          delivery.messageId(),
          e.toString());
      reply.nack();
      counts.nacked.incrementAndGet();
    }
  }

  private CompletableFuture<Void> analyze(List<Group<AckReplyConsumer>> groups) {
    return CompletableFuture.allOf(
        groups.stream()
            .map(group -> CompletableFuture.runAsync(() -> analyze(group), analysts))
            .toArray(CompletableFuture[]::new));
  }

  private void analyze(Group<AckReplyConsumer> group) {
    try {
      consume(group.entries().get(0).delivery(), group.merged());
      group.entries().forEach(e -> ack(e.handle()));
      return;
    } catch (RuntimeException e) {
      if (group.entries().size() == 1) {
        nack(group.entries().get(0), e);
        return;
      }
      log.warn(
          "stage=analyze messages={}: the merged batch failed, trying each message alone: {}",
          group.entries().size(),
          e.toString());
    }
    for (Entry<AckReplyConsumer> entry : group.entries()) {
      try {
        consume(entry.delivery(), entry.batch());
        ack(entry.handle());
      } catch (RuntimeException e) {
        nack(entry, e);
      }
    }
  }

  private void consume(PubSubDelivery delivery, UserEventBatch batch) {
    stage.consume(Topics.EVENTS, delivery, batch);
  }

  private void ack(AckReplyConsumer reply) {
    reply.ack();
    counts.acked.incrementAndGet();
  }

  private void nack(Entry<AckReplyConsumer> entry, RuntimeException failure) {
    log.warn(
        "stage=analyze messageId={} deliveryAttempt={}: failed, nacked for redelivery: {}",
        entry.delivery().messageId(),
        entry.delivery().deliveryAttempt(),
        failure.toString());
    entry.handle().nack();
    counts.nacked.incrementAndGet();
  }

  /**
   * A pulled message as the stage's delivery; the attempt counts only under a dead-letter policy.
   */
  private PubSubDelivery delivery(PubsubMessage message) {
    Integer attempt = Subscriber.getDeliveryAttempt(message);
    return new PubSubDelivery(
        message.getData().toByteArray(),
        message.getAttributesMap(),
        message.getOrderingKey().isEmpty() ? null : message.getOrderingKey(),
        message.getMessageId(),
        message.hasPublishTime()
            ? Instant.ofEpochSecond(
                message.getPublishTime().getSeconds(), message.getPublishTime().getNanos())
            : null,
        attempt == null ? 0 : attempt,
        ProjectSubscriptionName.format(clients.projectId(), settings.subscription()));
  }

  /**
   * Stops pulling, analyzes what is held and what still arrives, and waits (at most the shutdown
   * timeout) until the subscriber has sent every acknowledgement.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    Subscriber current = subscriber;
    if (current != null) {
      current.stopAsync();
      long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
      while (current.state() != ApiService.State.TERMINATED
          && current.state() != ApiService.State.FAILED
          && System.nanoTime() < deadline) {
        flush();
        try {
          current.awaitTerminated(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // still sending acknowledgements or receiving the last messages: flush again
        } catch (IllegalStateException e) {
          break; // FAILED: the subscriber's failure is logged by the client
        }
      }
    }
    flush();
    analysts.shutdown();
    try {
      if (!analysts.awaitTermination(
          settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        analysts.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      analysts.shutdownNow();
    }
    log.info("stage=analyze: stopped, {}", stats());
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final class Counts {
    final AtomicLong received = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong nacked = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
  }
}

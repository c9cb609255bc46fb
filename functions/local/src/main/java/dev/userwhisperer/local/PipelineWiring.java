package dev.userwhisperer.local;

import static dev.userwhisperer.local.bus.Delivery.BATCH_IN_ONE_TRANSACTION;
import static dev.userwhisperer.local.bus.Delivery.EACH_ON_ITS_OWN;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.message.UserEventBatches;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.local.bus.BusMessage;
import dev.userwhisperer.local.bus.Delivery;
import dev.userwhisperer.local.bus.MessageHandler;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.local.bus.PreparingHandler;
import dev.userwhisperer.local.store.ProfilePrefetch;
import dev.userwhisperer.telemetry.StageObserver;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Connects the topics to the stages, as Eventarc triggers do on Google Cloud: each message is
 * decoded, handed to its stage, and the stage's output published to the next topic before the
 * message is acknowledged. A failure leaves the message unacknowledged, so the bus retries it with
 * backoff and dead-letters it after the last attempt. Stages derive output ids from their input, so
 * a retried message republishes the same messages, which the next stage recognises.
 *
 * <p>Analyze and decide keep everything they write in the runner's stores, so the bus handles each
 * batch of their messages in one transaction with the acknowledgements and the publishes of their
 * outputs ({@link Delivery#BATCH_IN_ONE_TRANSACTION}); compose (which may call a model over HTTP)
 * and deliver (which sends) take their messages one at a time.
 *
 * <p>{@value #ENABLED}{@code =false} leaves the topics unconsumed: what is published waits on the
 * bus (the pipeline benchmark loads a backlog that way, then measures how fast a start with the
 * pipeline on drains it).
 *
 * <p>Analyze's messages are decoded, and their users' profiles read, ahead of their delivery
 * ({@link EventsDecodedAhead}) on the bus's prepare thread, alongside the transaction of the batch
 * before.
 *
 * <p>Each delivery runs in a span that continues the trace of the span that published the message
 * (its {@code traceparent}), and is timed and counted ({@link StageObserver}).
 */
@Component
@ConditionalOnBooleanProperty(name = PipelineWiring.ENABLED, matchIfMissing = true)
class PipelineWiring implements SmartInitializingSingleton {
  static final String ENABLED = "whisperer.pipeline.enabled";
  private static final Logger log = LoggerFactory.getLogger(PipelineWiring.class);

  private final PipelineBus bus;
  private final StageFunctions stages;
  private final StageObserver observer;
  private final EventsDecodedAhead eventsAhead;

  PipelineWiring(
      PipelineBus bus, StageFunctions stages, StageObserver observer, ProfileStore profiles) {
    this.bus = bus;
    this.stages = stages;
    this.observer = observer;
    this.eventsAhead =
        new EventsDecodedAhead(
            profiles instanceof ProfilePrefetch prefetch ? prefetch : ProfilePrefetch.NONE);
  }

  /**
   * Subscribes before the web server starts, so that the first accepted event is consumed at once.
   */
  @Override
  public void afterSingletonsInstantiated() {
    var analyze = stages.analyze();
    MessageHandler analyzeHandler =
        handler(
            "analyze",
            message ->
                eventsAhead.batches(message).stream()
                    .flatMap(batch -> analyze.apply(batch).stream())
                    .toList());
    bus.subscribe(
        Topics.EVENTS,
        new PreparingHandler() {
          @Override
          public void handle(BusMessage message) throws Exception {
            analyzeHandler.handle(message);
          }

          @Override
          public void prepare(BusMessage message) {
            eventsAhead.prepare(message);
          }
        },
        BATCH_IN_ONE_TRANSACTION);
    var decide = stages.decide();
    connect(
        "decide",
        Topics.SIGNALS,
        message -> decide.apply(message.decode(Signal.class)),
        BATCH_IN_ONE_TRANSACTION);
    var compose = stages.compose();
    connect(
        "compose",
        Topics.DECISIONS,
        message -> compose.apply(message.decode(Decision.class)),
        EACH_ON_ITS_OWN);
    var deliver = stages.deliver();
    for (String topic : List.of(Topics.OUTBOUND_EMAIL, Topics.OUTBOUND_SMS, Topics.OUTBOUND_PUSH)) {
      bus.subscribe(
          topic,
          message ->
              observer.consume(
                  "deliver",
                  delivery(message),
                  () -> {
                    deliver.accept(message.decode(OutboundMessage.class));
                    return List.of();
                  }));
    }
    log.info("pipeline connected: {}", Topics.ALL);
  }

  /**
   * A message of the {@code events} topic in either of its forms: one user's {@link UserEventBatch}
   * (feedback, webhooks, the Pub/Sub runtime) or the {@link UserEventBatches} of one ingest
   * request; read in one pass, the members of both forms optional.
   */
  record EventsMessage(
      Integer version,
      String batchId,
      String appId,
      String userId,
      List<Event> events,
      List<UserEventBatch> batches) {

    static List<UserEventBatch> batches(BusMessage message) {
      EventsMessage m = message.decode(EventsMessage.class);
      if (m.batches() != null) {
        return new UserEventBatches(
                m.version() == null ? 0 : m.version(), message.id(), m.appId(), m.batches())
            .batches();
      }
      return List.of(
          new UserEventBatch(
              m.version() == null ? 0 : m.version(),
              m.batchId(),
              m.appId(),
              m.userId(),
              m.events()));
    }
  }

  private <O extends PipelineMessage> void connect(
      String name, String topic, Function<BusMessage, List<O>> stage, Delivery delivery) {
    bus.subscribe(topic, handler(name, stage), delivery);
  }

  /** Observes the delivery, runs the stage and publishes its output. */
  private <O extends PipelineMessage> MessageHandler handler(
      String name, Function<BusMessage, List<O>> stage) {
    return message ->
        observer.consume(
            name,
            delivery(message),
            () -> {
              List<O> output = stage.apply(message);
              if (!output.isEmpty()) {
                bus.publish(output);
              }
              return output;
            });
  }

  private static StageObserver.Delivery delivery(BusMessage message) {
    return new StageObserver.Delivery(
        message.topic(),
        message.id(),
        message.attempt(),
        message.traceparent(),
        message.publishedAtMillis());
  }
}

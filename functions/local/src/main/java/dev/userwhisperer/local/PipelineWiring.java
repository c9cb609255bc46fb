package dev.userwhisperer.local;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.local.bus.BusMessage;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.telemetry.StageObserver;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Connects the topics to the stages, as Eventarc triggers do on Google Cloud: each message is
 * decoded, handed to its stage, and the stage's output published to the next topic before the
 * message is acknowledged. A failure leaves the message unacknowledged, so the bus retries it with
 * backoff and dead-letters it after the last attempt. Stages derive output ids from their input, so
 * a retried message republishes the same messages, which the next stage recognises.
 *
 * <p>Each delivery runs in a span that continues the trace of the span that published the message
 * (its {@code traceparent}), and is timed and counted ({@link StageObserver}).
 */
@Component
class PipelineWiring implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(PipelineWiring.class);

  private final PipelineBus bus;
  private final StageFunctions stages;
  private final StageObserver observer;

  PipelineWiring(PipelineBus bus, StageFunctions stages, StageObserver observer) {
    this.bus = bus;
    this.stages = stages;
    this.observer = observer;
  }

  /**
   * Subscribes before the web server starts, so that the first accepted event is consumed at once.
   */
  @Override
  public void afterSingletonsInstantiated() {
    connect("analyze", Topics.EVENTS, UserEventBatch.class, stages.analyze());
    connect("decide", Topics.SIGNALS, Signal.class, stages.decide());
    connect("compose", Topics.DECISIONS, Decision.class, stages.compose());
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

  private <I, O extends PipelineMessage> void connect(
      String name, String topic, Class<I> input, Function<I, List<O>> stage) {
    bus.subscribe(
        topic,
        (BusMessage message) ->
            observer.consume(
                name,
                delivery(message),
                () -> {
                  List<O> output = stage.apply(message.decode(input));
                  if (!output.isEmpty()) {
                    bus.publish(output);
                  }
                  return output;
                }));
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

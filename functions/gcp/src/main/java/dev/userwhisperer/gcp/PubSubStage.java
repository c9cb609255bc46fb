package dev.userwhisperer.gcp;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.gcp.PubSubCloudEvents.MalformedPubSubEvent;
import dev.userwhisperer.gcp.PubSubCloudEvents.PubSubDelivery;
import dev.userwhisperer.telemetry.StageObserver;
import dev.userwhisperer.telemetry.TraceContext;
import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.context.ApplicationContext;

/**
 * A stage triggered by a topic, and the error policy of every such stage, in this one place:
 *
 * <ul>
 *   <li>the message is decoded into the stage's input record, the stage applied, its outputs
 *       published; returning acknowledges the message;
 *   <li>a message that cannot be decoded (not a Pub/Sub event, not JSON, a record that fails its
 *       validation) is permanent: it is published with the reason to the topic's dead-letter topic,
 *       logged once, and acknowledged;
 *   <li>anything else ({@code TransientFailure}, a failing dependency) is thrown, so that
 *       Eventarc's subscription redelivers with backoff; once the message has failed for the {@link
 *       RetryWindow} since its publication, it is dead-lettered with the failure as its reason and
 *       acknowledged (Eventarc's subscription has no dead-letter policy and drops it after 24 h).
 * </ul>
 *
 * <p>The analyze pull worker ({@link EventsPullWorker}) runs the stage through {@link #consume} and
 * {@link #deadLetter} too; its subscription's dead-letter policy, not the retry window, ends the
 * retries of a message that keeps failing.
 */
final class PubSubStage {
  static final String REASON_ATTRIBUTE = "deadLetterReason";
  static final String MESSAGE_ID_ATTRIBUTE = "deadLetterMessageId";
  private static final Logger log = LoggerFactory.getLogger(PubSubStage.class);
  private static final Pattern TOPIC = Pattern.compile("/topics/([^/]+)$");
  private static final int MAX_REASON = 500;

  private final String name;
  private final FunctionInvocationWrapper function;
  private final Class<?> inputType;
  private final PubSubEventBus bus;
  private final RetryWindow retryWindow;
  private final StageObserver observer;

  private PubSubStage(
      String name,
      FunctionInvocationWrapper function,
      Class<?> inputType,
      PubSubEventBus bus,
      RetryWindow retryWindow,
      StageObserver observer) {
    this.name = name;
    this.function = function;
    this.inputType = inputType;
    this.bus = bus;
    this.retryWindow = retryWindow;
    this.observer = observer;
  }

  /**
   * @throws IllegalStateException when {@code name} is no function or consumer of the catalog
   */
  static PubSubStage of(String name, ApplicationContext context) {
    FunctionInvocationWrapper function = context.getBean(FunctionCatalog.class).lookup(name);
    if (function == null || !(function.isFunction() || function.isConsumer())) {
      throw new IllegalStateException("no topic-triggered stage named " + name);
    }
    return new PubSubStage(
        name,
        function,
        FunctionTypeUtils.getRawType(function.getInputType()),
        context.getBean(PubSubEventBus.class),
        RetryWindow.parse(
            context.getEnvironment().getProperty(RetryWindow.VARIABLE),
            context.getBean(Clock.class)),
        context.getBean(StageObserver.class));
  }

  void handle(CloudEvent event) {
    PubSubDelivery delivery = null;
    Object input;
    try {
      delivery = PubSubCloudEvents.decode(event);
      input = delivery.decode(inputType);
    } catch (MalformedPubSubEvent e) {
      String topic = topic(event).orElseThrow(() -> e);
      if (delivery == null) {
        deadLetter(
            topic,
            event.getId(),
            event.getData() == null ? new byte[0] : event.getData().toBytes(),
            Map.of(),
            0,
            e.getMessage());
      } else {
        deadLetter(topic, delivery, e.getMessage());
      }
      return;
    }
    try {
      consume(topic(event).orElse(""), delivery, input);
    } catch (RuntimeException e) {
      if (!retryWindow.closed(delivery.publishTime())) {
        throw e;
      }
      String topic = topic(event).orElseThrow(() -> e);
      deadLetter(
          topic, delivery, "still failing " + retryWindow.length() + " after publication: " + e);
    }
  }

  /** The stage's input record type, which a delivery's data decodes to. */
  Class<?> inputType() {
    return inputType;
  }

  /**
   * Applies the stage to {@code input}, as delivered by {@code delivery} of {@code topic}, and
   * publishes its outputs, inside the consumer span: returning means the outputs are durable and
   * the delivery may be acknowledged.
   */
  void consume(String topic, PubSubDelivery delivery, Object input) {
    observer.consume(name, observed(topic, delivery), () -> apply(input));
  }

  /** Runs the stage inside the consumer span, so that what it publishes carries the trace. */
  private List<PipelineMessage> apply(Object input) {
    if (function.apply(input) instanceof List<?> outputs && !outputs.isEmpty()) {
      List<PipelineMessage> messages = outputs.stream().map(PipelineMessage.class::cast).toList();
      bus.publish(messages);
      return messages;
    }
    return List.of();
  }

  private static StageObserver.Delivery observed(String topic, PubSubDelivery delivery) {
    return new StageObserver.Delivery(
        topic,
        delivery.messageId(),
        delivery.deliveryAttempt(),
        delivery.attributes().get(TraceContext.TRACEPARENT),
        delivery.publishTime() == null ? 0 : delivery.publishTime().toEpochMilli());
  }

  /**
   * Publishes the delivered message, with {@code why}, to the dead-letter topic of {@code topic}.
   */
  void deadLetter(String topic, PubSubDelivery delivery, String why) {
    deadLetter(
        topic,
        delivery.messageId(),
        delivery.data(),
        delivery.attributes(),
        delivery.deliveryAttempt(),
        why);
  }

  private void deadLetter(
      String topic,
      String messageId,
      byte[] data,
      Map<String, String> attributes,
      int deliveryAttempt,
      String why) {
    String reason = String.valueOf(why);
    PubsubMessage message =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(data))
            .putAllAttributes(attributes)
            .putAttributes(MESSAGE_ID_ATTRIBUTE, messageId)
            .putAttributes(
                REASON_ATTRIBUTE,
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason)
            .build();
    bus.publishUnordered(Topics.deadLetter(topic), message);
    // outside the consumer span, under the publisher's, so that the line shows in its trace
    try (Scope publishers =
        TraceContext.parent(attributes.get(TraceContext.TRACEPARENT)).makeCurrent()) {
      log.warn(
          "stage={} topic={} messageId={} deliveryAttempt={}: dead-lettered, {}",
          name,
          topic,
          messageId,
          deliveryAttempt,
          reason);
    }
  }

  /** Eventarc's source is {@code //pubsub.googleapis.com/projects/P/topics/T}. */
  static Optional<String> topic(CloudEvent event) {
    Matcher matcher = TOPIC.matcher(String.valueOf(event.getSource()));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}

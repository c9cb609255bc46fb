package dev.userwhisperer.core.feedback;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The feedback stage (HTTP): turns an open, click, unsubscribe or complaint (spam report) of a sent
 * message into an event of that user, publishes it to the events topic (where analyze folds it into
 * the profile, closing the loop) and records it as a delivery status. The event's messageId is
 * {@code fb:<outboundId>:<kind>}, so repeated feedback of one kind about one message counts once.
 *
 * <p>Answers 202 when accepted, 404 {@code unknown_message} for a message never sent, 422 {@code
 * unsupported_feedback} for an open of an SMS (SMS has no open tracking).
 */
public final class FeedbackService {
  private final SentMessages sent;
  private final EventBus bus;
  private final Warehouse warehouse;
  private final Clock clock;

  public FeedbackService(SentMessages sent, EventBus bus, Warehouse warehouse, Clock clock) {
    this.sent = Objects.requireNonNull(sent, "sent");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public FeedbackResponse handle(FeedbackRequest request) {
    Optional<OutboundMessage> found = sent.find(request.outboundId());
    if (found.isEmpty()) {
      return FeedbackResponse.error(
          404,
          ApiError.of(
              "unknown_message", "no message with id " + request.outboundId() + " was sent"));
    }
    OutboundMessage message = found.get();
    Optional<String> type = eventType(message.channel(), request.kind());
    if (type.isEmpty()) {
      return FeedbackResponse.error(
          422,
          ApiError.of(
              "unsupported_feedback",
              request.kind().wireName()
                  + " is not tracked for "
                  + message.channel().wireName()
                  + " messages"));
    }

    Instant now = clock.instant();
    String eventId = Ids.feedbackEvent(message.outboundId(), request.kind().wireName());
    Map<String, Object> properties =
        Map.of(
            "channel",
            message.channel().wireName(),
            EventTypes.OUTBOUND_ID,
            message.outboundId(),
            "intervention",
            Objects.requireNonNullElse(message.intervention(), ""));
    Map<String, Object> context =
        request.kind() == FeedbackKind.OPEN || request.kind() == FeedbackKind.CLICK
            ? Map.of()
            : Map.of(ConsentSource.CONTEXT_KEY, request.source().wireName());
    Event event =
        new Event(
            eventId, type.get(), message.userId(), null, now, now, properties, Map.of(), context);
    bus.publish(
        List.of(
            new UserEventBatch(
                UserEventBatch.VERSION,
                eventId,
                message.appId(),
                message.userId(),
                List.of(event))));
    warehouse.append(
        Table.DELIVERIES,
        List.of(
            WarehouseRows.delivery(
                new Delivery(
                    message.outboundId(),
                    message.appId(),
                    message.userId(),
                    message.channel(),
                    status(request.kind()),
                    null,
                    now))));
    return FeedbackResponse.accepted(eventId);
  }

  private static Optional<String> eventType(Channel channel, FeedbackKind kind) {
    return Optional.ofNullable(
        switch (kind) {
          case UNSUBSCRIBE -> EventTypes.MESSAGE_UNSUBSCRIBED;
          case COMPLAINT -> EventTypes.MESSAGE_COMPLAINED;
          case BOUNCE -> EventTypes.MESSAGE_BOUNCED;
          case OPEN ->
              switch (channel) {
                case EMAIL -> EventTypes.EMAIL_OPENED;
                case PUSH -> EventTypes.PUSH_OPENED;
                case SMS -> null;
              };
          case CLICK ->
              switch (channel) {
                case EMAIL -> EventTypes.EMAIL_CLICKED;
                case SMS -> EventTypes.SMS_CLICKED;
                case PUSH -> EventTypes.PUSH_OPENED;
              };
        });
  }

  private static String status(FeedbackKind kind) {
    return switch (kind) {
      case OPEN -> "opened";
      case CLICK -> "clicked";
      case UNSUBSCRIBE -> "unsubscribed";
      case COMPLAINT -> "complained";
      case BOUNCE -> "bounced";
    };
  }
}

package dev.userwhisperer.core.feedback;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Provider webhooks, verified before anything changes: a missing or bad signature, or a provider
 * whose key is not configured, answers 401 {@code invalid_signature} and changes nothing.
 *
 * <ul>
 *   <li>SendGrid's Event Webhook: {@code processed} and {@code delivered} confirm the send in the
 *       ledger (reconciling a timed-out one); {@code open}, {@code click}, {@code unsubscribe},
 *       {@code group_unsubscribe}, {@code spamreport} and {@code bounce} become feedback (a bounce
 *       or a spam report suppresses the channel); {@code deferred} and {@code dropped} are delivery
 *       statuses.
 *   <li>Twilio's status callbacks: {@code queued}/{@code sent}/{@code delivered} confirm the send,
 *       {@code undelivered}/{@code failed} are delivery statuses, and a number that cannot receive
 *       (30003, 30005, 30006, 21610) is suppressed like a bounce.
 *   <li>Twilio's inbound SMS: {@code STOP} (and Twilio's other opt-out words) withdraws SMS consent
 *       of the user last texted at that number, {@code START} gives it back; {@code HELP} changes
 *       nothing (Twilio answers it).
 * </ul>
 *
 * <p>Provider retries change nothing twice: the events this publishes carry ids derived from the
 * message and the kind ({@link Ids#feedbackEvent}) or from the provider's own id ({@link
 * Ids#smsKeywordEvent}), which analyze applies once, and delivery rows are keyed by message and
 * status.
 */
public final class ProviderWebhooks {
  private static final Set<String> STOP_WORDS =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE");
  private static final Set<String> START_WORDS = Set.of("START", "YES", "UNSTOP", "OPTIN");
  private static final Set<String> UNREACHABLE_NUMBER = Set.of("30003", "30005", "30006", "21610");

  /**
   * @param sendGrid null when no verification key is configured: SendGrid calls answer 401
   * @param twilio null when no auth token is configured: Twilio calls answer 401
   */
  public record Keys(SendGridSignature sendGrid, TwilioSignature twilio) {}

  private final Keys keys;
  private final FeedbackService feedback;
  private final DeliveryLedger ledger;
  private final SentMessages sent;
  private final EventBus bus;
  private final Warehouse warehouse;
  private final Clock clock;

  public ProviderWebhooks(
      Keys keys,
      FeedbackService feedback,
      DeliveryLedger ledger,
      SentMessages sent,
      EventBus bus,
      Warehouse warehouse,
      Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.feedback = Objects.requireNonNull(feedback, "feedback");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.sent = Objects.requireNonNull(sent, "sent");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public FeedbackResponse sendGrid(WebhookRequest request) {
    if (keys.sendGrid() == null
        || !keys.sendGrid()
            .verify(
                request.header(SendGridSignature.SIGNATURE_HEADER),
                request.header(SendGridSignature.TIMESTAMP_HEADER),
                request.body())) {
      return unauthorized();
    }
    JsonNode events;
    try {
      events = Json.tree(request.body());
    } catch (Json.MalformedJson malformed) {
      return FeedbackResponse.error(
          400, ApiError.of("invalid_json", "the Event Webhook body is not a JSON array"));
    }
    int applied = 0;
    for (JsonNode event : events) {
      String outboundId = event.path("whisperer_outbound_id").asString(null);
      Optional<OutboundMessage> message =
          outboundId == null ? Optional.empty() : sent.find(outboundId);
      if (message.isPresent()) {
        sendGridEvent(
            message.get(),
            event.path("event").asString(""),
            event.path("type").asString(""),
            event.path("sg_message_id").asString(null));
        applied++;
      }
    }
    return FeedbackResponse.ok(Map.of("status", "accepted", "applied", applied));
  }

  private void sendGridEvent(OutboundMessage m, String event, String bounceType, String sgId) {
    switch (event) {
      case "processed" -> ledger.confirm(m.outboundId(), m.appId(), sgId, clock.instant());
      case "delivered" -> {
        ledger.confirm(m.outboundId(), m.appId(), sgId, clock.instant());
        status(m, "delivered", sgId);
      }
      case "deferred", "dropped" -> status(m, event, sgId);
      case "bounce" -> {
        if ("blocked".equals(bounceType)) {
          status(m, "blocked", sgId);
        } else {
          feedback.handle(
              new FeedbackRequest(m.outboundId(), FeedbackKind.BOUNCE, ConsentSource.WEBHOOK));
        }
      }
      case "open" -> feedback.handle(new FeedbackRequest(m.outboundId(), FeedbackKind.OPEN));
      case "click" -> feedback.handle(new FeedbackRequest(m.outboundId(), FeedbackKind.CLICK));
      case "unsubscribe", "group_unsubscribe" ->
          feedback.handle(
              new FeedbackRequest(m.outboundId(), FeedbackKind.UNSUBSCRIBE, ConsentSource.WEBHOOK));
      case "spamreport" ->
          feedback.handle(
              new FeedbackRequest(m.outboundId(), FeedbackKind.COMPLAINT, ConsentSource.WEBHOOK));
      default -> {
        // other event types (group_resubscribe, …) change nothing here
      }
    }
  }

  /**
   * Twilio's status callback; our message id and app are in the callback URL ({@code m}, {@code
   * a}).
   */
  public FeedbackResponse twilioStatus(WebhookRequest request) {
    if (!twilioSigned(request)) {
      return unauthorized();
    }
    Optional<OutboundMessage> message =
        Optional.ofNullable(request.query().get("m")).flatMap(sent::find);
    if (message.isEmpty()) {
      return FeedbackResponse.ok(Map.of("status", "accepted", "applied", 0));
    }
    OutboundMessage m = message.get();
    String sid = request.form().get("MessageSid");
    String status = request.form().getOrDefault("MessageStatus", "");
    switch (status) {
      case "accepted", "queued", "sending", "sent" ->
          ledger.confirm(m.outboundId(), m.appId(), sid, clock.instant());
      case "delivered" -> {
        ledger.confirm(m.outboundId(), m.appId(), sid, clock.instant());
        status(m, "delivered", sid);
      }
      case "undelivered", "failed" -> {
        status(m, status, sid);
        if (UNREACHABLE_NUMBER.contains(request.form().getOrDefault("ErrorCode", ""))) {
          feedback.handle(
              new FeedbackRequest(m.outboundId(), FeedbackKind.BOUNCE, ConsentSource.WEBHOOK));
        }
      }
      default -> {
        // receiving/received/read: not about delivery
      }
    }
    return FeedbackResponse.ok(Map.of("status", "accepted", "applied", 1));
  }

  /** An SMS sent to one of our numbers; STOP and START change the sender's SMS consent. */
  public FeedbackResponse twilioInbound(WebhookRequest request) {
    if (!twilioSigned(request)) {
      return unauthorized();
    }
    String keyword = request.form().getOrDefault("Body", "").trim().toUpperCase(Locale.ROOT);
    Boolean consent =
        STOP_WORDS.contains(keyword)
            ? Boolean.FALSE
            : START_WORDS.contains(keyword) ? Boolean.TRUE : null;
    String from = request.form().get("From");
    String sid = request.form().get("MessageSid");
    if (consent == null || from == null || sid == null) {
      return FeedbackResponse.ok(Map.of("status", "accepted", "applied", 0));
    }
    Optional<OutboundMessage> last = sent.latestTo(Channel.SMS, from);
    if (last.isEmpty()) {
      return FeedbackResponse.ok(Map.of("status", "accepted", "applied", 0));
    }
    OutboundMessage m = last.get();
    Instant now = clock.instant();
    String eventId = Ids.smsKeywordEvent(sid);
    Event identify =
        new Event(
            eventId,
            EventTypes.IDENTIFY,
            m.userId(),
            null,
            now,
            now,
            Map.of(
                ConsentSource.CONTEXT_KEY,
                ConsentSource.SMS_KEYWORD.wireName(),
                "keyword",
                keyword),
            Map.of("consent", Map.of(Channel.SMS.wireName(), consent)),
            Map.of());
    bus.publish(
        List.of(
            new UserEventBatch(
                UserEventBatch.VERSION, eventId, m.appId(), m.userId(), List.of(identify))));
    return FeedbackResponse.ok(Map.of("status", "accepted", "applied", 1));
  }

  private boolean twilioSigned(WebhookRequest request) {
    return keys.twilio() != null
        && keys.twilio()
            .verify(request.header(TwilioSignature.HEADER), request.url(), request.form());
  }

  private void status(OutboundMessage m, String status, String providerId) {
    warehouse.append(
        Table.DELIVERIES,
        List.of(
            WarehouseRows.delivery(
                new Delivery(
                    m.outboundId(),
                    m.appId(),
                    m.userId(),
                    m.channel(),
                    status,
                    providerId,
                    clock.instant()))));
  }

  private static FeedbackResponse unauthorized() {
    return FeedbackResponse.error(
        401,
        ApiError.of(
            "invalid_signature", "the request does not carry a valid signature of the provider"));
  }
}

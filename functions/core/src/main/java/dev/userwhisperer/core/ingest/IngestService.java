package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.ingest.IngestResult.EventResult;
import dev.userwhisperer.core.ingest.IngestResult.FieldError;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.EventIntake;
import dev.userwhisperer.core.port.EventIntake.Candidate;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.IngestRateLimit;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.Violation;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/events}: everything between the HTTP request and the {@code events} topic.
 *
 * <p>Checks run in this order, and the first that fails answers: API key (401/403), media type
 * (415), body size (413 {@code payload_too_large}), content encoding and strict UTF-8 ({@link
 * RequestBody}: 415, 400, 413 after decompression), JSON syntax with no repeated key (400 {@code
 * malformed_json}), body shape (400 {@code invalid_body}, 413 {@code batch_too_large}), rate limit
 * (429), then each event on its own. Past the rate limit the answer is 202 and says, per event,
 * whether it was accepted, a duplicate or rejected; rejected events are quarantined, never dropped.
 *
 * <p>A well-formed batch is read in one streaming pass ({@link BatchScan}): the events {@link
 * StreamingEventValidator} finds certainly valid are handed on as the text the client sent (with
 * {@code receivedAt} added), never parsed into a tree nor re-serialised; every other event, and
 * every other body, takes the tree path ({@link EventValidator} over the JSON Schema), which says
 * exactly what is wrong.
 *
 * <p>Valid events go to the {@link EventIntake}, which tells which are new: idempotency is per app
 * and messageId, and "accepted" means durable for the pipeline.
 */
public final class IngestService {
  /** Largest body accepted, in bytes (1 MiB). */
  public static final int MAX_BODY_BYTES = 1_048_576;

  /** Most events in one batch. */
  public static final int MAX_BATCH = 1000;

  private static final byte[] RECEIVED_AT = "\"receivedAt\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TIMESTAMP = "\"timestamp\":".getBytes(StandardCharsets.US_ASCII);

  private static final Logger log = LoggerFactory.getLogger(IngestService.class);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ApiKeyAuthenticator authenticator;
  private final IngestRateLimit rateLimiter;
  private final EventValidator validator;
  private final StreamingEventValidator streaming;
  private final EventIntake intake;
  private final Quarantine quarantine;
  private final Warehouse warehouse;
  private final Clock clock;

  /**
   * @param clock the platform clock: receivedAt, default event time and the future-timestamp check
   */
  public IngestService(
      ApiKeyStore keys,
      IngestRateLimit rateLimiter,
      EventBus bus,
      IngestDedup dedup,
      Quarantine quarantine,
      Warehouse warehouse,
      Clock clock) {
    this(keys, rateLimiter, new ClaimThenPublish(dedup, bus), quarantine, warehouse, clock);
  }

  /**
   * @param intake where valid events go: it says which are new and makes those durable
   * @param clock the platform clock: receivedAt, default event time and the future-timestamp check
   */
  public IngestService(
      ApiKeyStore keys,
      IngestRateLimit rateLimiter,
      EventIntake intake,
      Quarantine quarantine,
      Warehouse warehouse,
      Clock clock) {
    this.authenticator = new ApiKeyAuthenticator(keys, clock);
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.intake = Objects.requireNonNull(intake, "intake");
    this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.validator = new EventValidator(clock);
    this.streaming = new StreamingEventValidator(clock);
  }

  public IngestResponse handle(IngestRequest request) {
    var outcome = authenticator.authenticate(request.authorization(), ApiKey.EVENTS_WRITE);
    if (outcome instanceof Refused refused) {
      return refused.response();
    }
    String appId = ((Authenticated) outcome).appId();
    Parsed decoded = decode(request);
    if (decoded.refusal() != null) {
      return decoded.refusal();
    }
    BatchScan scan = BatchScan.of(decoded.body(), streaming);
    if (scan != null) {
      byte[] body = decoded.body();
      return admit(
          appId,
          scan.events().size(),
          body,
          receivedAt -> scanned(scan, body, receivedAt),
          IngestResponse::accepted);
    }
    Parsed parsed = tree(decoded.body());
    if (parsed.refusal() != null) {
      return parsed.refusal();
    }
    Envelope envelope;
    try {
      envelope = Envelope.of(parsed.root(), parsed.body());
    } catch (Envelope.Refusal refusal) {
      return IngestResponse.error(refusal.status, refusal.error);
    }
    return admit(appId, envelope, parsed.body(), List.of(), IngestResponse::accepted);
  }

  /** A decoded, parsed body, or the refusal to answer instead. */
  record Parsed(byte[] body, JsonNode root, IngestResponse refusal) {
    static Parsed refused(int status, ApiError error) {
      return new Parsed(null, null, IngestResponse.error(status, error));
    }
  }

  /**
   * Media type (415), size (413), content encoding and strict UTF-8, JSON syntax with no repeated
   * key (400 {@code malformed_json}), in that order.
   */
  static Parsed parse(IngestRequest request) {
    Parsed decoded = decode(request);
    return decoded.refusal() != null ? decoded : tree(decoded.body());
  }

  /** Media type (415), size (413), content encoding and strict UTF-8, in that order. */
  private static Parsed decode(IngestRequest request) {
    if (!isJson(request.contentType())) {
      return Parsed.refused(
          415, ApiError.of("unsupported_media_type", "Content-Type must be application/json"));
    }
    if (request.body().length > MAX_BODY_BYTES) {
      // the HTTP layer reads at most one byte more than allowed, so the true size is unknown here
      return Parsed.refused(
          413,
          ApiError.of(
              "payload_too_large",
              "the body is larger than "
                  + MAX_BODY_BYTES
                  + " bytes, the most accepted per request"));
    }
    try {
      return new Parsed(RequestBody.decode(request.contentEncoding(), request.body()), null, null);
    } catch (Envelope.Refusal refusal) {
      return Parsed.refused(refusal.status, refusal.error);
    }
  }

  /** JSON syntax with no repeated key (400 {@code malformed_json}). */
  private static Parsed tree(byte[] body) {
    try {
      JsonNode root = Json.strictTree(body);
      if (root == null || root.isMissingNode()) {
        return Parsed.refused(400, ApiError.of("malformed_json", "the body is empty"));
      }
      return new Parsed(body, root, null);
    } catch (Json.MalformedJson e) {
      return Parsed.refused(
          400, ApiError.of("malformed_json", "the body is not valid JSON: " + e.getMessage()));
    }
  }

  /**
   * Past the key and the body's shape: the rate limit (429), then each event on its own.
   *
   * @param mappingViolations per event, what was wrong before validation (a Segment message that
   *     cannot become an event); empty, or one list per event
   * @param answer the 2xx answer made of the result
   */
  IngestResponse admit(
      String appId,
      Envelope envelope,
      byte[] body,
      List<List<Violation>> mappingViolations,
      Function<IngestResult, IngestResponse> answer) {
    return admit(
        appId,
        envelope.events().size(),
        body,
        receivedAt -> fromTree(envelope, mappingViolations, receivedAt),
        answer);
  }

  private IngestResponse admit(
      String appId,
      int eventCount,
      byte[] body,
      Function<Instant, List<Item>> items,
      Function<IngestResult, IngestResponse> answer) {
    long retryAfter = rateLimiter.tryAcquire(appId, eventCount);
    if (retryAfter > 0) {
      return IngestResponse.error(
          429,
          ApiError.of(
              "rate_limited", "too many events for this app; retry after " + retryAfter + " s"),
          Map.of(IngestResponse.RETRY_AFTER, Long.toString(retryAfter)));
    }
    try {
      return answer.apply(ingest(appId, items, body));
    } catch (TransientFailure e) {
      log.warn("ingest unavailable, app={} events={}", appId, eventCount, e);
      return IngestResponse.error(
          503,
          ApiError.of("unavailable", "events could not be stored; retry the same request"),
          Map.of(IngestResponse.RETRY_AFTER, "1"));
    }
  }

  /** The platform clock, when events were received. */
  Clock clock() {
    return clock;
  }

  /** The key check every ingest front shares. */
  ApiKeyAuthenticator authenticator() {
    return authenticator;
  }

  /**
   * One event of the request, checked.
   *
   * @param messageId as sent, or null when missing or not a string
   * @param candidate what goes to the intake; null when the event is rejected
   * @param violations why it is rejected; empty when it is valid
   * @param text the event as sent, for the quarantine
   */
  private record Item(
      String messageId, Candidate candidate, List<Violation> violations, Supplier<String> text) {}

  private IngestResult ingest(String appId, Function<Instant, List<Item>> check, byte[] body) {
    Instant receivedAt = clock.instant();
    List<Item> items = check.apply(receivedAt);
    List<Candidate> candidates = new ArrayList<>(items.size());
    List<QuarantinedEvent> quarantined = new ArrayList<>();
    String requestHash = null;
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (item.candidate() != null) {
        candidates.add(item.candidate());
        continue;
      }
      if (requestHash == null) {
        requestHash = Ids.requestHash(body);
      }
      // the same request retried yields the same ids, so the warehouse keeps one row each
      quarantined.add(
          new QuarantinedEvent(
              Ids.quarantined(appId, requestHash, i),
              appId,
              item.messageId(),
              receivedAt,
              item.text().get(),
              item.violations()));
    }
    if (!quarantined.isEmpty()) {
      quarantine.put(quarantined);
      warehouse.append(
          Table.QUARANTINED_EVENTS, quarantined.stream().map(WarehouseRows::quarantined).toList());
    }
    Set<String> accepted =
        candidates.isEmpty() ? Set.of() : intake.accept(appId, receivedAt, candidates);

    List<EventResult> results = new ArrayList<>(items.size());
    Set<String> acceptedHere = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (item.candidate() == null) {
        results.add(
            new EventResult(
                i,
                item.messageId(),
                EventResult.REJECTED,
                item.violations().stream().map(FieldError::of).toList()));
      } else if (accepted.contains(item.messageId()) && acceptedHere.add(item.messageId())) {
        results.add(new EventResult(i, item.messageId(), EventResult.ACCEPTED, List.of()));
      } else {
        results.add(new EventResult(i, item.messageId(), EventResult.DUPLICATE, List.of()));
      }
    }
    IngestResult result = IngestResult.of(results);
    log.debug(
        "ingested app={} accepted={} duplicates={} rejected={}",
        appId,
        result.accepted(),
        result.duplicates(),
        result.rejected());
    return result;
  }

  /** The events of a parsed body, each checked against the schema. */
  private List<Item> fromTree(
      Envelope envelope, List<List<Violation>> mappingViolations, Instant receivedAt) {
    List<JsonNode> nodes = envelope.events();
    List<Item> items = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      List<Violation> before = mappingViolations.isEmpty() ? List.of() : mappingViolations.get(i);
      int index = i;
      items.add(
          checked(
              nodes.get(i), envelope.pointer(i), before, () -> envelope.text(index), receivedAt));
    }
    return items;
  }

  /**
   * The events of a scanned batch: those the streaming check passed as sent, the others checked
   * against the schema on their own tree.
   */
  private List<Item> scanned(BatchScan scan, byte[] body, Instant receivedAt) {
    byte[] receivedAtJson = Json.encode(receivedAt);
    List<Item> items = new ArrayList<>(scan.events().size());
    for (int i = 0; i < scan.events().size(); i++) {
      BatchScan.Event e = scan.events().get(i);
      StreamingEventValidator.Checked c = e.checked();
      if (c.certain()) {
        String userKey = Ids.userKey(c.userId(), c.anonymousId());
        byte[] json = withReceivedAt(body, e, receivedAtJson);
        items.add(
            new Item(c.messageId(), new Candidate(c.messageId(), userKey, json), List.of(), null));
      } else {
        byte[] slice = Arrays.copyOfRange(body, e.start(), e.end());
        String text = new String(slice, StandardCharsets.UTF_8);
        items.add(
            checked(Json.strictTree(slice), "/batch/" + i, List.of(), () -> text, receivedAt));
      }
    }
    return items;
  }

  private Item checked(
      JsonNode node,
      String pointer,
      List<Violation> before,
      Supplier<String> text,
      Instant receivedAt) {
    List<Violation> violations = new ArrayList<>(before);
    violations.addAll(validator.validate(node, pointer));
    if (!violations.isEmpty()) {
      return new Item(textOrNull(node, "messageId"), null, violations, text);
    }
    Event event = toEvent(node, receivedAt);
    return new Item(
        event.messageId(),
        new Candidate(event.messageId(), event.userKey(), Json.encode(event)),
        List.of(),
        text);
  }

  /**
   * The event's text as sent, with {@code receivedAt} (and {@code timestamp} when it has none) put
   * first: {@code {"receivedAt":"…",} + the rest after its opening brace. A certain event has at
   * least its messageId, so a member follows.
   */
  private static byte[] withReceivedAt(byte[] body, BatchScan.Event e, byte[] receivedAtJson) {
    int restLength = e.end() - e.start() - 1;
    int headLength = RECEIVED_AT.length + receivedAtJson.length + 1;
    if (!e.checked().hasTimestamp()) {
      headLength += TIMESTAMP.length + receivedAtJson.length + 1;
    }
    byte[] out = new byte[1 + headLength + restLength];
    out[0] = '{';
    int at = put(out, 1, RECEIVED_AT, receivedAtJson);
    if (!e.checked().hasTimestamp()) {
      at = put(out, at, TIMESTAMP, receivedAtJson);
    }
    System.arraycopy(body, e.start() + 1, out, at, restLength);
    return out;
  }

  private static int put(byte[] out, int at, byte[] name, byte[] value) {
    System.arraycopy(name, 0, out, at, name.length);
    at += name.length;
    System.arraycopy(value, 0, out, at, value.length);
    at += value.length;
    out[at] = ',';
    return at + 1;
  }

  private static Event toEvent(JsonNode node, Instant receivedAt) {
    Instant timestamp = EventValidator.timestamp(node);
    return new Event(
        node.get("messageId").asString(),
        node.get("type").asString(),
        textOrNull(node, "userId"),
        textOrNull(node, "anonymousId"),
        timestamp == null ? receivedAt : timestamp,
        receivedAt,
        objectOrEmpty(node, "properties"),
        objectOrEmpty(node, "traits"),
        objectOrEmpty(node, "context"));
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  /** Top-level {@code null} members are treated as absent: the domain maps hold no nulls. */
  private static Map<String, Object> objectOrEmpty(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      return Map.of();
    }
    Map<String, Object> map = new LinkedHashMap<>(Json.mapper().convertValue(value, MAP));
    map.values().removeIf(Objects::isNull);
    return map;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }
}

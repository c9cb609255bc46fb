package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.ingest.IngestResult.EventResult;
import dev.userwhisperer.core.ingest.IngestResult.FieldError;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.IngestRateLimit;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.Violation;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * <p>Accepted events are grouped by {@link Event#userKey()} into one {@link UserEventBatch} per
 * user and published. Idempotency is an atomic claim per app and messageId ({@link IngestDedup}):
 * of two requests carrying one messageId at the same moment, one claims it and answers {@code
 * accepted}, the other answers {@code duplicate}. A request that finds an id pending in another
 * request waits (up to {@link #IN_FLIGHT_WAIT}) for that request to confirm it (then it is a
 * duplicate) or give it back (then this request takes it); otherwise it answers 503 and the client
 * retries. Claims are confirmed only after the bus took the events (it is durable once {@code
 * publish} returns) and released when publishing failed, so "duplicate" is never said of an event
 * the platform does not hold. If the process dies between publishing and confirming, the claim's
 * lease runs out and the retry publishes again; analyze keeps the messageIds it has applied per
 * profile and drops them, so nothing is counted twice.
 */
public final class IngestService {
  /** Largest body accepted, in bytes (1 MiB). */
  public static final int MAX_BODY_BYTES = 1_048_576;

  /** Most events in one batch. */
  public static final int MAX_BATCH = 1000;

  /** How long a request waits for ids that another request is publishing. */
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(5);

  private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(20);

  private static final Logger log = LoggerFactory.getLogger(IngestService.class);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ApiKeyAuthenticator authenticator;
  private final IngestRateLimit rateLimiter;
  private final EventValidator validator;
  private final EventBus bus;
  private final IngestDedup dedup;
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
    this.authenticator = new ApiKeyAuthenticator(keys, clock);
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.dedup = Objects.requireNonNull(dedup, "dedup");
    this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.validator = new EventValidator(clock);
  }

  public IngestResponse handle(IngestRequest request) {
    var outcome = authenticator.authenticate(request.authorization(), ApiKey.EVENTS_WRITE);
    if (outcome instanceof Refused refused) {
      return refused.response();
    }
    String appId = ((Authenticated) outcome).appId();
    Parsed parsed = parse(request);
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
      byte[] body = RequestBody.decode(request.contentEncoding(), request.body());
      JsonNode root = Json.strictTree(body);
      if (root == null || root.isMissingNode()) {
        return Parsed.refused(400, ApiError.of("malformed_json", "the body is empty"));
      }
      return new Parsed(body, root, null);
    } catch (Json.MalformedJson e) {
      return Parsed.refused(
          400, ApiError.of("malformed_json", "the body is not valid JSON: " + e.getMessage()));
    } catch (Envelope.Refusal refusal) {
      return Parsed.refused(refusal.status, refusal.error);
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
    long retryAfter = rateLimiter.tryAcquire(appId, envelope.events().size());
    if (retryAfter > 0) {
      return IngestResponse.error(
          429,
          ApiError.of(
              "rate_limited", "too many events for this app; retry after " + retryAfter + " s"),
          Map.of(IngestResponse.RETRY_AFTER, Long.toString(retryAfter)));
    }
    try {
      return answer.apply(ingest(appId, envelope, body, mappingViolations));
    } catch (TransientFailure e) {
      log.warn("ingest unavailable, app={} events={}", appId, envelope.events().size(), e);
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

  private IngestResult ingest(
      String appId, Envelope envelope, byte[] body, List<List<Violation>> mappingViolations) {
    Instant receivedAt = clock.instant();
    List<JsonNode> nodes = envelope.events();
    List<List<Violation>> violationsByIndex = new ArrayList<>(nodes.size());
    List<Event> events = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      List<Violation> violations = new ArrayList<>();
      if (!mappingViolations.isEmpty()) {
        violations.addAll(mappingViolations.get(i));
      }
      violations.addAll(validator.validate(nodes.get(i), envelope.pointer(i)));
      violationsByIndex.add(violations);
      events.add(violations.isEmpty() ? toEvent(nodes.get(i), receivedAt) : null);
    }
    Set<String> claimed = claim(appId, events, receivedAt);

    List<EventResult> results = new ArrayList<>(nodes.size());
    try {
      Set<String> acceptedIds = new HashSet<>();
      String requestHash = Ids.requestHash(body);
      List<QuarantinedEvent> quarantined = new ArrayList<>();
      Map<String, List<Event>> acceptedByUser = new LinkedHashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        Event event = events.get(i);
        if (event == null) {
          String messageId = textOrNull(nodes.get(i), "messageId");
          List<Violation> violations = violationsByIndex.get(i);
          // the same request retried yields the same ids, so the warehouse keeps one row each
          quarantined.add(
              new QuarantinedEvent(
                  Ids.quarantined(appId, requestHash, i),
                  appId,
                  messageId,
                  receivedAt,
                  envelope.text(i),
                  violations));
          results.add(
              new EventResult(
                  i,
                  messageId,
                  EventResult.REJECTED,
                  violations.stream().map(FieldError::of).toList()));
        } else if (!claimed.contains(event.messageId()) || !acceptedIds.add(event.messageId())) {
          results.add(new EventResult(i, event.messageId(), EventResult.DUPLICATE, List.of()));
        } else {
          acceptedByUser.computeIfAbsent(event.userKey(), k -> new ArrayList<>()).add(event);
          results.add(new EventResult(i, event.messageId(), EventResult.ACCEPTED, List.of()));
        }
      }

      if (!quarantined.isEmpty()) {
        quarantine.put(quarantined);
        warehouse.append(
            Table.QUARANTINED_EVENTS,
            quarantined.stream().map(WarehouseRows::quarantined).toList());
      }
      if (!acceptedByUser.isEmpty()) {
        List<UserEventBatch> batches = new ArrayList<>(acceptedByUser.size());
        acceptedByUser.forEach(
            (userKey, userEvents) ->
                batches.add(
                    new UserEventBatch(
                        UserEventBatch.VERSION,
                        Ids.batch(
                            appId, userKey, userEvents.stream().map(Event::messageId).toList()),
                        appId,
                        userKey,
                        userEvents)));
        bus.publish(batches);
      }
    } catch (RuntimeException e) {
      dedup.release(appId, claimed, receivedAt);
      throw e;
    }
    dedup.confirm(appId, claimed, receivedAt);
    IngestResult result = IngestResult.of(results);
    log.debug(
        "ingested app={} accepted={} duplicates={} rejected={}",
        appId,
        result.accepted(),
        result.duplicates(),
        result.rejected());
    return result;
  }

  /**
   * Claims the messageIds of the valid events, waiting for those another request is publishing.
   *
   * @return the ids this request holds and must publish
   * @throws TransientFailure when some stayed in flight elsewhere (nothing is held then)
   */
  private Set<String> claim(String appId, List<Event> events, Instant at) {
    Set<String> ids =
        events.stream().filter(Objects::nonNull).map(Event::messageId).collect(Collectors.toSet());
    IngestDedup.Claim claim = dedup.claim(appId, ids, at);
    Set<String> claimed = new HashSet<>(claim.claimed());
    Set<String> inFlight = claim.inFlight();
    for (long waited = 0;
        !inFlight.isEmpty() && waited < IN_FLIGHT_WAIT.toMillis();
        waited += IN_FLIGHT_POLL.toMillis()) {
      pause();
      IngestDedup.Claim again = dedup.claim(appId, inFlight, at);
      claimed.addAll(again.claimed());
      inFlight = again.inFlight();
    }
    if (!inFlight.isEmpty()) {
      dedup.release(appId, claimed, at);
      throw new TransientFailure(
          inFlight.size() + " messageIds are still being published by another request");
    }
    return claimed;
  }

  private static void pause() {
    try {
      Thread.sleep(IN_FLIGHT_POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while waiting for a concurrent request", e);
    }
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

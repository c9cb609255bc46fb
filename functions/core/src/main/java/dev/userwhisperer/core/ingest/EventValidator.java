package dev.userwhisperer.core.ingest;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks one event against {@code event.v1.schema.json} and against the rules a schema cannot
 * express: time zones must exist in the tz database, the timestamp must lie between {@link
 * #EARLIEST} and {@link #MAX_FUTURE} ahead of the platform clock, and every string and number must
 * be one the platform can store and read back exactly ({@link StorableValues}).
 *
 * <p>Every {@link Violation} carries the JSON pointer of the offending field within the request
 * body, i.e. the event's own pointer prefixed by where the event sits ({@code /batch/3}).
 */
public final class EventValidator {
  public static final String SCHEMA_RESOURCE = "/schema/event.v1.schema.json";
  public static final Duration MAX_FUTURE = Duration.ofHours(24);

  /** No product event happened before this; an earlier timestamp is a client's bug. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** The fields that name things and become keys: their schema pattern gets one clear message. */
  private static final Set<String> ID_FIELDS = Set.of("/messageId", "/userId", "/anonymousId");

  private static final String ID_RULE =
      "an id must not be blank, '.' or '..', nor hold control characters (U+0000-U+001F,"
          + " U+007F-U+009F)";

  private static final Map<String, String> CODE_BY_KEYWORD =
      Map.of(
          "required", "missing_field",
          "type", "invalid_type",
          "format", "invalid_format",
          "pattern", "invalid_format",
          "minLength", "invalid_length",
          "maxLength", "invalid_length",
          "additionalProperties", "unknown_field");

  private static final Schema SCHEMA = compile();

  /** Region ids of the tz database; ZoneId.of alone would also take offsets such as "+02:00". */
  private static final Set<String> IANA_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

  private final Clock clock;

  /**
   * @param clock the platform clock, for the future-timestamp check
   */
  public EventValidator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Compiled once: a compiled schema is immutable and safe to share between threads. */
  private static Schema compile() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config));
    return registry.getSchema(schemaText());
  }

  /** The schema as published at {@code GET /v1/schema}. */
  public static String schemaText() {
    try (InputStream in = EventValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param event the event as sent
   * @param pointer where the event sits in the request body: {@code ""} or {@code /batch/i}
   * @return the violations, empty when the event is valid
   */
  public List<Violation> validate(JsonNode event, String pointer) {
    if (!event.isObject()) {
      return List.of(new Violation("invalid_type", pointer, "an event must be a JSON object"));
    }
    Set<Violation> violations = new LinkedHashSet<>();
    Set<String> alternativesReported = new HashSet<>();
    for (Error error : SCHEMA.validate(event)) {
      Violation violation = toViolation(error, pointer);
      // every failed branch of an anyOf reports its own error: tell the client once per field
      if (!isAlternative(error) || alternativesReported.add(violation.pointer())) {
        violations.add(violation);
      }
    }
    checkTimezone(event, "/traits/timezone", pointer, violations);
    checkTimezone(event, "/context/timezone", pointer, violations);
    checkTimestamp(event, pointer, violations);
    checkMessageIdNotReserved(event, pointer, violations);
    StorableValues.firstUnstorable(event, pointer).ifPresent(violations::add);
    // an empty id breaks its length and its pattern: the length says it better
    violations.removeIf(
        v ->
            v.code().equals("invalid_id")
                && violations.stream().anyMatch(o -> o != v && o.pointer().equals(v.pointer())));
    return List.copyOf(violations);
  }

  /** The event time, or {@code null} when absent; only call on a valid event. */
  static Instant timestamp(JsonNode event) {
    JsonNode ts = event.get("timestamp");
    return ts == null || !ts.isString() ? null : OffsetDateTime.parse(ts.asString()).toInstant();
  }

  private static Violation toViolation(Error error, String pointer) {
    String keyword = error.getKeyword();
    String at = error.getInstanceLocation().toString();
    if (("required".equals(keyword) || "additionalProperties".equals(keyword))
        && error.getProperty() != null) {
      at = at + "/" + error.getProperty().replace("~", "~0").replace("/", "~1");
    }
    NodePath evaluated = error.getEvaluationPath();
    if (evaluated.getNameCount() > 0 && "anyOf".equals(evaluated.getName(0))) {
      return new Violation(
          "missing_field", pointer + "/userId", "userId or anonymousId is required");
    }
    if ("pattern".equals(keyword) && ID_FIELDS.contains(at)) {
      return new Violation("invalid_id", pointer + at, ID_RULE);
    }
    String code = CODE_BY_KEYWORD.getOrDefault(keyword, "invalid_value");
    return new Violation(code, pointer + at, error.getMessage());
  }

  private static boolean isAlternative(Error error) {
    return error.getEvaluationPath().contains("anyOf");
  }

  /**
   * The consent trail trusts the source an event names only for the platform's own events, known by
   * their id's prefix; a client may not make one.
   */
  private static void checkMessageIdNotReserved(
      JsonNode event, String pointer, Set<Violation> violations) {
    JsonNode id = event.get("messageId");
    if (id != null && id.isString() && Ids.isPlatformEvent(id.asString())) {
      violations.add(
          new Violation(
              "reserved_id",
              pointer + "/messageId",
              "a messageId must not start with "
                  + String.join(", ", Ids.PLATFORM_EVENT_PREFIXES)
                  + ": the platform names its own events so"));
    }
  }

  private static void checkTimezone(
      JsonNode event, String field, String pointer, Set<Violation> violations) {
    JsonNode zone = event.at(field);
    if (!zone.isString() || zone.asString().isEmpty()) {
      return;
    }
    if (!IANA_ZONES.contains(zone.asString())) {
      violations.add(
          new Violation(
              "invalid_timezone",
              pointer + field,
              "'" + zone.asString() + "' is not an IANA time zone id"));
    }
  }

  private void checkTimestamp(JsonNode event, String pointer, Set<Violation> violations) {
    JsonNode ts = event.get("timestamp");
    if (ts == null || !ts.isString()) {
      return;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(ts.asString()).toInstant();
    } catch (DateTimeException e) {
      if (violations.stream().noneMatch(v -> v.pointer().equals(pointer + "/timestamp"))) {
        violations.add(
            new Violation(
                "invalid_format",
                pointer + "/timestamp",
                "timestamp must be an RFC 3339 date-time such as 2026-01-31T09:30:00Z"));
      }
      return;
    }
    if (at.isBefore(EARLIEST)) {
      violations.add(
          new Violation(
              "timestamp_too_old",
              pointer + "/timestamp",
              "timestamp is before " + EARLIEST + ", the earliest accepted"));
      return;
    }
    Instant latest = clock.instant().plus(MAX_FUTURE);
    if (at.isAfter(latest)) {
      violations.add(
          new Violation(
              "timestamp_in_future",
              pointer + "/timestamp",
              "timestamp is more than 24 hours after the time received (" + clock.instant() + ")"));
    }
  }
}

package dev.userwhisperer.core.access;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.AuditEntry;
import dev.userwhisperer.core.port.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The admin API of apps and keys: create, list and archive apps; issue, list, rotate and revoke
 * their keys. The caller has proved to hold the admin token before any of these runs (the HTTP
 * layer checks it); {@code actor} says who it was. Every change is appended to the {@link
 * AuditLog}, with the key's public id and never the key.
 *
 * <p>Archiving an app revokes its keys (so the hot path never reads the app) and refuses new ones.
 * Rotating a key issues its successor with the same kind, scopes and name, and lets the old one
 * work until the end of the overlap.
 */
public final class AppsAdmin {
  /** Ids are path segments, document ids and log fields: plain and short. */
  static final Pattern APP_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
  static final Duration MAX_OVERLAP = Duration.ofDays(30);
  public static final int MAX_LIST = 500;
  private static final int MAX_NAME = 200;
  private static final Logger log = LoggerFactory.getLogger(AppsAdmin.class);

  private final AppStore apps;
  private final ApiKeyStore keys;
  private final AuditLog audit;
  private final Clock clock;
  private final Random random;

  /**
   * @param random where keys' bytes come from: a {@link java.security.SecureRandom} in production
   */
  public AppsAdmin(AppStore apps, ApiKeyStore keys, AuditLog audit, Clock clock, Random random) {
    this.apps = Objects.requireNonNull(apps, "apps");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** {@code {"appId": "...", "name": "..."}}: 201 with the app, 409 when the id is taken. */
  public AdminAnswer createApp(String actor, byte[] body) {
    return withBody(
        body,
        Set.of("appId", "name"),
        json -> {
          String appId = text(json, "appId");
          if (appId == null || !APP_ID.matcher(appId).matches()) {
            return AdminAnswer.error(
                400,
                "invalid_field",
                "appId is required: 1 to 63 of a-z, 0-9 and '-', starting with a letter or digit",
                "/appId");
          }
          String name = text(json, "name");
          if (json.has("name") && (name == null || name.isBlank() || name.length() > MAX_NAME)) {
            return AdminAnswer.error(
                400, "invalid_field", "name must be 1 to " + MAX_NAME + " characters", "/name");
          }
          App app = new App(appId, name == null ? appId : name, clock.instant(), null);
          if (!apps.create(app)) {
            return AdminAnswer.error(
                409, "app_exists", "an app with id " + appId + " exists already", "/appId");
          }
          record(actor, "app.create", appId, null, Map.of("name", app.name()));
          return new AdminAnswer(201, app);
        });
  }

  public AdminAnswer listApps() {
    return new AdminAnswer(200, Map.of("apps", apps.list()));
  }

  /** Revokes every key of the app and marks it archived; archiving it again changes nothing. */
  public AdminAnswer archiveApp(String actor, String appId) {
    return withApp(
        appId,
        app -> {
          if (app.archived()) {
            return new AdminAnswer(200, app);
          }
          Instant now = clock.instant();
          int revoked = 0;
          for (ApiKey key : keys.listByApp(appId)) {
            if (key.revokedAt() == null) {
              keys.save(key.revoked(now));
              revoked++;
            }
          }
          App archived = app.archive(now);
          apps.save(archived);
          record(actor, "app.archive", appId, null, Map.of("keysRevoked", revoked));
          return new AdminAnswer(200, archived);
        });
  }

  /**
   * {@code {"kind": "write"|"secret"|"restricted", "name"?: "...", "scopes"?: [...]}} (scopes only
   * for a restricted key): 201 with the key, shown this once.
   */
  public AdminAnswer createKey(String actor, String appId, byte[] body) {
    return withActiveApp(
        appId,
        app ->
            withBody(
                body,
                Set.of("kind", "name", "scopes"),
                json -> {
                  String kind = text(json, "kind");
                  if (kind == null
                      || !Set.of(ApiKey.WRITE, ApiKey.SECRET, ApiKey.RESTRICTED).contains(kind)) {
                    return AdminAnswer.error(
                        400,
                        "invalid_field",
                        "kind must be 'write' (events:write only, safe in a client), 'secret'"
                            + " (every scope) or 'restricted' (the scopes listed)",
                        "/kind");
                  }
                  String name = text(json, "name");
                  if (json.has("name")
                      && (name == null || name.isBlank() || name.length() > MAX_NAME)) {
                    return AdminAnswer.error(
                        400,
                        "invalid_field",
                        "name must be 1 to " + MAX_NAME + " characters",
                        "/name");
                  }
                  Set<String> scopes;
                  if (kind.equals(ApiKey.RESTRICTED)) {
                    var parsed = scopes(json.get("scopes"));
                    if (parsed instanceof AdminAnswer refusal) {
                      return refusal;
                    }
                    @SuppressWarnings("unchecked")
                    Set<String> listed = (Set<String>) parsed;
                    scopes = listed;
                  } else if (json.has("scopes")) {
                    return AdminAnswer.error(
                        400,
                        "invalid_field",
                        "scopes are given only for a restricted key; a "
                            + kind
                            + " key's are fixed",
                        "/scopes");
                  } else {
                    scopes =
                        kind.equals(ApiKey.WRITE) ? Set.of(ApiKey.EVENTS_WRITE) : ApiKey.ALL_SCOPES;
                  }
                  KeyView.Issued issued = issue(appId, kind, name, scopes);
                  record(
                      actor,
                      "key.create",
                      appId,
                      issued.apiKey().keyId(),
                      details(kind, name, issued.apiKey().scopes()));
                  return new AdminAnswer(201, issued);
                }));
  }

  public AdminAnswer listKeys(String appId) {
    return withApp(
        appId,
        app -> {
          Instant now = clock.instant();
          List<KeyView> views =
              keys.listByApp(appId).stream()
                  .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::keyId))
                  .map(k -> KeyView.of(k, now))
                  .toList();
          return new AdminAnswer(200, Map.of("keys", views));
        });
  }

  /**
   * {@code {"overlap": "PT24H"}} (ISO-8601, 0 to 30 days, 24 h when absent): 201 with the successor
   * key, shown once; the rotated key works until now + overlap.
   */
  public AdminAnswer rotateKey(String actor, String appId, String keyId, byte[] body) {
    return withActiveApp(
        appId,
        app ->
            withKey(
                appId,
                keyId,
                old ->
                    withBody(
                        body.length == 0 ? "{}".getBytes() : body,
                        Set.of("overlap"),
                        json -> {
                          Duration overlap = DEFAULT_OVERLAP;
                          if (json.has("overlap")) {
                            overlap = duration(text(json, "overlap"));
                            if (overlap == null) {
                              return AdminAnswer.error(
                                  400,
                                  "invalid_field",
                                  "overlap must be an ISO-8601 duration from PT0S to P30D, e.g."
                                      + " PT24H",
                                  "/overlap");
                            }
                          }
                          Instant now = clock.instant();
                          if (!old.usableAt(now)) {
                            return AdminAnswer.error(
                                409,
                                "api_key_unusable",
                                "key " + keyId + " is revoked or expired; issue a new key instead",
                                null);
                          }
                          String kind = old.kind() == null ? ApiKey.RESTRICTED : old.kind();
                          KeyView.Issued issued = issue(appId, kind, old.name(), old.scopes());
                          Instant until = now.plus(overlap);
                          if (old.expiresAt() == null || until.isBefore(old.expiresAt())) {
                            keys.save(old.expiring(until));
                          }
                          Map<String, Object> details =
                              details(kind, old.name(), issued.apiKey().scopes());
                          details.put("successor", issued.apiKey().keyId());
                          details.put("overlap", overlap.toString());
                          record(actor, "key.rotate", appId, keyId, details);
                          return new AdminAnswer(201, issued);
                        })));
  }

  /** Refuses the key from now on; revoking it again changes nothing. */
  public AdminAnswer revokeKey(String actor, String appId, String keyId) {
    return withApp(
        appId,
        app ->
            withKey(
                appId,
                keyId,
                key -> {
                  Instant now = clock.instant();
                  if (key.revokedAt() != null) {
                    return new AdminAnswer(200, KeyView.of(key, now));
                  }
                  ApiKey revoked = key.revoked(now);
                  keys.save(revoked);
                  record(actor, "key.revoke", appId, keyId, Map.of());
                  return new AdminAnswer(200, KeyView.of(revoked, now));
                }));
  }

  /** The newest entries first, of one app or of all. */
  public AdminAnswer audit(String appId, int limit) {
    if (limit < 1 || limit > MAX_LIST) {
      return AdminAnswer.error(
          400, "invalid_parameter", "limit must be between 1 and " + MAX_LIST, "limit");
    }
    return new AdminAnswer(200, Map.of("entries", audit.list(appId, limit)));
  }

  private KeyView.Issued issue(String appId, String kind, String name, Set<String> scopes) {
    ApiKeys.Issued issued = ApiKeys.issue(kind, random);
    ApiKey key =
        new ApiKey(
            ApiKeys.hash(issued.key()),
            appId,
            scopes,
            clock.instant(),
            null,
            issued.keyId(),
            kind,
            name,
            null);
    keys.save(key);
    log.info("api key issued app={} keyId={} kind={}", appId, issued.keyId(), kind);
    return new KeyView.Issued(issued.key(), KeyView.of(key, clock.instant()));
  }

  private void record(
      String actor, String action, String appId, String keyId, Map<String, Object> details) {
    audit.append(new AuditEntry(0, clock.instant(), actor, action, appId, keyId, details));
  }

  private static Map<String, Object> details(String kind, String name, List<String> scopes) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", kind);
    if (name != null) {
      details.put("name", name);
    }
    details.put("scopes", scopes);
    return details;
  }

  /** The listed scopes, or the refusal naming the first bad one. */
  private static Object scopes(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      return AdminAnswer.error(
          400,
          "invalid_field",
          "a restricted key needs scopes: a non-empty array of " + new TreeSet<>(ApiKey.ALL_SCOPES),
          "/scopes");
    }
    Set<String> scopes = new TreeSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode scope = node.get(i);
      if (!scope.isString() || !ApiKey.ALL_SCOPES.contains(scope.asString())) {
        return AdminAnswer.error(
            400,
            "unknown_scope",
            "not a scope: " + scope + "; scopes are " + new TreeSet<>(ApiKey.ALL_SCOPES),
            "/scopes/" + i);
      }
      scopes.add(scope.asString());
    }
    return scopes;
  }

  private static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(text);
      return d.isNegative() || d.compareTo(MAX_OVERLAP) > 0 ? null : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private AdminAnswer withApp(String appId, Function<App, AdminAnswer> handler) {
    Optional<App> app = apps.find(appId);
    if (app.isEmpty()) {
      return AdminAnswer.error(404, "unknown_app", "no app with id " + appId, null);
    }
    return handler.apply(app.get());
  }

  private AdminAnswer withActiveApp(String appId, Function<App, AdminAnswer> handler) {
    return withApp(
        appId,
        app ->
            app.archived()
                ? AdminAnswer.error(
                    409,
                    "app_archived",
                    "app " + appId + " was archived at " + app.archivedAt() + "; it takes no keys",
                    null)
                : handler.apply(app));
  }

  private AdminAnswer withKey(String appId, String keyId, Function<ApiKey, AdminAnswer> handler) {
    return keys.listByApp(appId).stream()
        .filter(k -> k.keyId().equals(keyId))
        .findFirst()
        .map(handler)
        .orElseGet(
            () ->
                AdminAnswer.error(
                    404, "unknown_api_key", "app " + appId + " has no key " + keyId, null));
  }

  private static AdminAnswer withBody(
      byte[] body, Set<String> fields, Function<JsonNode, AdminAnswer> handler) {
    JsonNode json;
    try {
      json = Json.strictTree(body);
    } catch (Json.MalformedJson e) {
      return AdminAnswer.error(
          400, "malformed_json", "the body is not valid JSON: " + e.getMessage(), null);
    }
    if (json == null || !json.isObject()) {
      return AdminAnswer.error(400, "invalid_body", "the body must be a JSON object", null);
    }
    for (var property : json.properties()) {
      String field = property.getKey();
      if (!fields.contains(field)) {
        return AdminAnswer.error(
            400, "unknown_field", "unknown field; known: " + new TreeSet<>(fields), "/" + field);
      }
    }
    return handler.apply(json);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }
}

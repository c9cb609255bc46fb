package dev.userwhisperer.core.appconfig;

import dev.userwhisperer.core.appconfig.AppConfigValidator.Invalid;
import dev.userwhisperer.core.appconfig.AppConfigValidator.Valid;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.Violation;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET} and {@code PUT /v1/apps/{appId}/config}: an app's configuration read and replaced
 * with a key of the app holding {@link ApiKey#CONFIG_READ} or {@link ApiKey#CONFIG_WRITE}. A
 * replacement is stored as a new version; an invalid document is refused with 400 {@code
 * invalid_app_config}, the first violation's JSON pointer as {@code field} and every violation
 * (pointer, code, why) in {@code message}: the one error shape of the API.
 */
public final class AppConfigApi {
  private static final Logger log = LoggerFactory.getLogger(AppConfigApi.class);
  public static final int MAX_HISTORY = 100;

  private final ApiKeyAuthenticator authenticator;
  private final AppConfigStore store;
  private final AppConfigValidator validator;
  private final Clock clock;

  public AppConfigApi(
      ApiKeyAuthenticator authenticator,
      AppConfigStore store,
      AppConfigValidator validator,
      Clock clock) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.store = Objects.requireNonNull(store, "store");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An answer for the HTTP layer to write: the status and a body to serialise with Json. */
  public record Answer(int status, Object body) {
    static Answer error(int status, ApiError error) {
      return new Answer(status, error.body());
    }
  }

  /** The newest version, or {@code version} when given. */
  public Answer get(String authorization, String appId, Long version) {
    return withApp(
        authorization,
        ApiKey.CONFIG_READ,
        appId,
        app ->
            (version == null ? store.latest(app) : store.find(app, version))
                .map(r -> new Answer(200, r))
                .orElseGet(
                    () ->
                        Answer.error(
                            404,
                            ApiError.of(
                                "no_app_config",
                                version == null
                                    ? "app " + app + " has no configuration yet"
                                    : "app " + app + " has no configuration version " + version))));
  }

  /** The stored versions, newest first. */
  public Answer history(String authorization, String appId, int limit) {
    if (limit < 1 || limit > MAX_HISTORY) {
      return Answer.error(
          400,
          new ApiError("invalid_parameter", "limit must be between 1 and " + MAX_HISTORY, "limit"));
    }
    return withApp(
        authorization,
        ApiKey.CONFIG_READ,
        appId,
        app -> new Answer(200, new History(store.history(app, limit))));
  }

  public record History(List<AppConfigRevision> versions) {}

  /** Validates {@code document} and stores it as the app's next version (200 with it). */
  public Answer put(String authorization, String appId, byte[] document) {
    return withApp(
        authorization,
        ApiKey.CONFIG_WRITE,
        appId,
        app -> {
          SaveOutcome outcome = save(app, document);
          if (outcome instanceof Saved saved) {
            return new Answer(200, saved.revision());
          }
          List<Violation> violations = ((Rejected) outcome).violations();
          return Answer.error(
              400,
              new ApiError(
                  "invalid_app_config",
                  violations.stream()
                      .map(v -> v.pointer() + " " + v.code() + ": " + v.message())
                      .collect(Collectors.joining("; ")),
                  violations.get(0).pointer()));
        });
  }

  /** What {@link #save} came to. */
  public sealed interface SaveOutcome permits Saved, Rejected {}

  /** Stored as the app's next version. */
  public record Saved(AppConfigRevision revision) implements SaveOutcome {}

  /** Refused, with every violation (never empty); nothing was stored. */
  public record Rejected(List<Violation> violations) implements SaveOutcome {
    public Rejected {
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a rejected document has at least one violation");
      }
      violations = List.copyOf(violations);
    }
  }

  /**
   * The rule behind {@link #put} for a caller that has already established its right to the app
   * (the console, behind the admin credential): validates {@code document} and stores it as the
   * app's next version.
   */
  public SaveOutcome save(String appId, byte[] document) {
    AppConfigValidator.Result result = validator.parse(document);
    if (result instanceof Valid valid) {
      AppConfigRevision saved = store.save(appId, valid.config(), clock.instant());
      log.info("app config stored app={} version={}", appId, saved.version());
      return new Saved(saved);
    }
    return new Rejected(((Invalid) result).violations());
  }

  private Answer withApp(
      String authorization, String scope, String appId, Function<String, Answer> handler) {
    var outcome = authenticator.authenticate(authorization, scope);
    if (outcome instanceof Refused refused) {
      return Answer.error(refused.status(), refused.error());
    }
    String keyApp = ((ApiKeyAuthenticator.Authenticated) outcome).appId();
    if (!keyApp.equals(appId)) {
      return Answer.error(
          403, ApiError.of("wrong_app", "the API key belongs to another app than " + appId));
    }
    return handler.apply(appId);
  }
}

package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.UserMessages;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user endpoints of the public API, the same on every runner (the local runner's controllers
 * and the Google Cloud ingest function only translate HTTP): {@code GET /v1/users/{userId}}, {@code
 * GET /v1/users/{userId}/export} (scope {@code profiles:read}) and {@code DELETE
 * /v1/users/{userId}} (scope {@code users:delete}).
 */
public final class UserDataApi {
  public static final int MAX_DECISION_LIMIT = 500;
  public static final int DEFAULT_DECISION_LIMIT = 20;
  static final int MAX_EXPORT = 10_000;
  private static final Logger log = LoggerFactory.getLogger(UserDataApi.class);

  private final ApiKeyAuthenticator authenticator;
  private final ProfileStore profiles;
  private final DecisionLog decisions;
  private final ConsentTrail consent;
  private final UserMessages messages;
  private final UserErasure erasure;

  public UserDataApi(
      ApiKeyAuthenticator authenticator,
      ProfileStore profiles,
      DecisionLog decisions,
      ConsentTrail consent,
      UserMessages messages,
      UserErasure erasure) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.consent = Objects.requireNonNull(consent, "consent");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.erasure = Objects.requireNonNull(erasure, "erasure");
  }

  /** The profile with its latest {@code decisionLimit} decisions (1 to 500) and consent trail. */
  public IngestResponse user(String authorization, String userId, int decisionLimit) {
    if (decisionLimit < 1 || decisionLimit > MAX_DECISION_LIMIT) {
      return invalidParameter("decisionLimit");
    }
    return withApp(
        authorization,
        ApiKey.PROFILES_READ,
        appId ->
            profiles
                .find(appId, userId)
                .map(
                    p ->
                        ok(
                            new UserView(
                                p,
                                decisions.recent(appId, userId, decisionLimit),
                                consent.list(appId, userId))))
                .orElseGet(() -> unknownUser(userId)));
  }

  /**
   * {@link #user} with {@code decisionLimit} as the query string had it: absent is the default, a
   * value that is not a whole number is 400 {@code invalid_parameter}.
   */
  public IngestResponse user(String authorization, String userId, Optional<String> decisionLimit) {
    if (decisionLimit.isEmpty()) {
      return user(authorization, userId, DEFAULT_DECISION_LIMIT);
    }
    try {
      return user(authorization, userId, Integer.parseInt(decisionLimit.get().trim()));
    } catch (NumberFormatException notANumber) {
      return invalidParameter("decisionLimit");
    }
  }

  /**
   * What the platform holds about the user in its stores (GDPR articles 15 and 20): the profile
   * with its traits, addresses and consent, the decisions, the messages sent, and the consent trail
   * (every statement with its source and time), under the user's id and under the ids an {@code
   * alias} merged into the user ({@link MergedUserHistory#ids}, whose content the profile has
   * folded in). Warehouse rows (pseudonymous, by user id) are not included. 404 {@code
   * unknown_user} when none of them holds anything.
   */
  public IngestResponse export(String authorization, String userId) {
    return withApp(
        authorization,
        ApiKey.PROFILES_READ,
        appId -> {
          Optional<Profile> profile = profiles.find(appId, userId);
          List<String> ids = MergedUserHistory.ids(profiles, appId, userId);
          List<Object> sent = new ArrayList<>();
          List<Decision> made = new ArrayList<>();
          List<ConsentRecord> trail = new ArrayList<>();
          for (String id : ids) {
            sent.addAll(messages.sentTo(appId, id, MAX_EXPORT));
            made.addAll(decisions.recent(appId, id, MAX_EXPORT));
            trail.addAll(consent.list(appId, id));
          }
          if (profile.isEmpty() && sent.isEmpty() && trail.isEmpty()) {
            return unknownUser(userId);
          }
          made.sort(
              Comparator.comparing(Decision::decidedAt)
                  .reversed()
                  .thenComparing(Decision::decisionId));
          trail.sort(
              Comparator.comparing(ConsentRecord::at).thenComparing(ConsentRecord::recordId));
          return ok(
              new UserExport(
                  appId,
                  userId,
                  ids.subList(1, ids.size()),
                  profile.orElse(null),
                  made.subList(0, Math.min(made.size(), MAX_EXPORT)),
                  sent,
                  trail));
        });
  }

  /**
   * Erases the user of the key's app from every store and answers the receipt (200, also when
   * nothing was held: erasing is idempotent).
   */
  public IngestResponse erase(String authorization, String userId) {
    return withApp(
        authorization,
        ApiKey.USERS_DELETE,
        appId -> {
          ErasureReceipt receipt = erasure.erase(appId, userId);
          log.info(
              "erasure {} of app {}: {} items removed",
              receipt.erasureId(),
              receipt.appId(),
              receipt.total());
          return ok(receipt);
        });
  }

  private IngestResponse withApp(
      String authorization, String scope, Function<String, IngestResponse> handler) {
    var outcome = authenticator.authenticate(authorization, scope);
    if (outcome instanceof Refused refused) {
      return refused.response();
    }
    return handler.apply(((Authenticated) outcome).appId());
  }

  private static IngestResponse ok(Object body) {
    return new IngestResponse(200, Map.of(IngestResponse.CONTENT_TYPE, IngestResponse.JSON), body);
  }

  private static IngestResponse unknownUser(String userId) {
    return IngestResponse.error(
        404, new ApiError("unknown_user", "no profile for user " + userId, null));
  }

  private static IngestResponse invalidParameter(String parameter) {
    return IngestResponse.error(
        400,
        new ApiError(
            "invalid_parameter",
            parameter + " must be between 1 and " + MAX_DECISION_LIMIT,
            parameter));
  }

  /**
   * All that is held about one user of an app.
   *
   * @param mergedIds the ids an {@code alias} merged into the user, whose records are included
   */
  public record UserExport(
      String appId,
      String userId,
      List<String> mergedIds,
      Profile profile,
      List<Decision> decisions,
      List<?> messages,
      List<ConsentRecord> consentTrail) {}

  /** A profile with its latest decisions, newest first, and its consent trail, oldest first. */
  public record UserView(
      Profile profile, List<Decision> recentDecisions, List<ConsentRecord> consentTrail) {}
}

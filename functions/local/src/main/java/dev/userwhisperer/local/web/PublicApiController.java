package dev.userwhisperer.local.web;

import dev.userwhisperer.core.feedback.FeedbackKind;
import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.local.StageFunctions;
import dev.userwhisperer.local.store.OutboxChannelSender;
import dev.userwhisperer.models.ModelsView;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public HTTP API of the local runner. It only translates HTTP to the stage functions and the
 * stores; every rule (auth, limits, validation, idempotency) lives in core.
 */
@RestController
class PublicApiController {
  private static final int MAX_LIST = 500;
  private static final Logger log = LoggerFactory.getLogger(PublicApiController.class);

  private final Function<IngestRequest, IngestResponse> ingest;
  private final Function<FeedbackRequest, FeedbackResponse> feedback;
  private final ApiKeyAuthenticator authenticator;
  private final OutboxChannelSender outbox;
  private final Quarantine quarantine;
  private final ModelDirectory modelDirectory;
  private final XgboostTreatmentEffectModels effectModels;
  private final ObjectProvider<LearnedChurnScorers> churn;

  PublicApiController(
      StageFunctions stages,
      ApiKeyAuthenticator authenticator,
      OutboxChannelSender outbox,
      Quarantine quarantine,
      ModelDirectory modelDirectory,
      XgboostTreatmentEffectModels effectModels,
      ObjectProvider<LearnedChurnScorers> churn) {
    this.ingest = stages.ingest();
    this.feedback = stages.feedback();
    this.authenticator = authenticator;
    this.outbox = outbox;
    this.quarantine = quarantine;
    this.modelDirectory = modelDirectory;
    this.effectModels = effectModels;
    this.churn = churn;
  }

  @PostMapping("/v1/events")
  ResponseEntity<byte[]> events(HttpServletRequest request) {
    byte[] body;
    try {
      body = RequestBodies.read(request);
    } catch (RequestBodies.Unreadable e) {
      log.debug("unreadable body: {}", e.getMessage());
      return JsonResponses.of(e.status, Map.of("Connection", "close"), e.error.body());
    }
    IngestResponse response =
        ingest.apply(
            new IngestRequest(
                request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getContentType(),
                request.getHeader(HttpHeaders.CONTENT_ENCODING),
                body));
    return JsonResponses.of(response.status(), response.headers(), response.body());
  }

  /**
   * The newest messages first; with {@code after} (the {@code seq} of the last message read), the
   * messages stored after it, oldest first, so that a reader can follow the outbox without gaps.
   */
  @GetMapping("/v1/outbox")
  ResponseEntity<byte[]> outbox(
      HttpServletRequest request,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String after) {
    if (outOfRange(limit)) {
      return invalidLimit("limit");
    }
    Long afterSeq = after == null ? null : cursor(after);
    if (after != null && afterSeq == null) {
      return JsonResponses.of(
          400,
          Map.of(),
          new ApiError(
                  "invalid_parameter",
                  "after must be the seq of a message read before (a whole number, 0 or more)",
                  "after")
              .body());
    }
    return withApp(
        request,
        ApiKey.OUTBOX_READ,
        appId ->
            JsonResponses.ok(
                Map.of(
                    "messages",
                    afterSeq == null
                        ? outbox.list(appId, limit)
                        : outbox.listAfter(appId, afterSeq, limit))));
  }

  private static Long cursor(String after) {
    try {
      long seq = Long.parseLong(after);
      return seq < 0 ? null : seq;
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  @GetMapping("/v1/quarantine")
  ResponseEntity<byte[]> quarantine(
      HttpServletRequest request, @RequestParam(defaultValue = "50") int limit) {
    if (outOfRange(limit)) {
      return invalidLimit("limit");
    }
    return withApp(
        request,
        ApiKey.QUARANTINE_READ,
        appId -> JsonResponses.ok(Map.of("events", quarantine.list(appId, limit))));
  }

  /** The app's models: the churn model and every version of each per-user uplift model. */
  @GetMapping("/v1/models")
  ResponseEntity<byte[]> models(HttpServletRequest request) {
    return withApp(
        request,
        ApiKey.PROFILES_READ,
        appId ->
            JsonResponses.ok(
                ModelsView.of(
                    appId,
                    modelDirectory,
                    effectModels,
                    Optional.ofNullable(churn.getIfAvailable()))));
  }

  /**
   * Feedback about a message of the caller's app, for the app's own tooling (simulated recipients,
   * tests); needs the app's key with {@code events:write}, since outboundIds can be recomputed.
   * Recipients use the signed links of {@link LinkController}.
   */
  @PostMapping(path = "/v1/outbox/{outboundId}/{kind:open|click|unsubscribe|complaint}")
  ResponseEntity<byte[]> feedback(
      @PathVariable String outboundId, @PathVariable String kind, HttpServletRequest request) {
    return withApp(
        request,
        ApiKey.EVENTS_WRITE,
        appId -> {
          if (outbox.find(outboundId).filter(m -> m.appId().equals(appId)).isEmpty()) {
            return JsonResponses.of(
                404,
                Map.of(),
                ApiError.of("unknown_message", "no message with id " + outboundId + " was sent")
                    .body());
          }
          FeedbackResponse response =
              feedback.apply(new FeedbackRequest(outboundId, FeedbackKind.fromWireName(kind)));
          return JsonResponses.of(response.status(), Map.of(), response.body());
        });
  }

  /** Runs {@code handler} with the app of a key that has {@code scope}, or answers 401/403. */
  private ResponseEntity<byte[]> withApp(
      HttpServletRequest request, String scope, Function<String, ResponseEntity<byte[]>> handler) {
    var outcome = authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION), scope);
    if (outcome instanceof Refused refused) {
      return JsonResponses.of(refused.status(), Map.of(), refused.error().body());
    }
    return handler.apply(((Authenticated) outcome).appId());
  }

  private static boolean outOfRange(int limit) {
    return limit < 1 || limit > MAX_LIST;
  }

  private static ResponseEntity<byte[]> invalidLimit(String parameter) {
    return JsonResponses.of(
        400,
        Map.of(),
        new ApiError(
                "invalid_parameter", parameter + " must be between 1 and " + MAX_LIST, parameter)
            .body());
  }
}

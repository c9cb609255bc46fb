package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.appconfig.AppConfigApi.Answer;
import dev.userwhisperer.core.appconfig.ContentVariants;
import dev.userwhisperer.core.compose.compliance.ComplianceRule;
import dev.userwhisperer.core.decide.Intervention;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ApiKey;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/apps/{appId}/preview}: the message a user would get for an intervention on a
 * channel (in a language and a content variant, if asked: the first otherwise), with every
 * compliance check and whether it passed; nothing is recorded or sent. Needs {@link
 * ApiKey#CONFIG_READ}: it is what a product team reviews copy with.
 */
public final class PreviewApi {
  private final ApiKeyAuthenticator authenticator;
  private final Composer composer;

  public PreviewApi(ApiKeyAuthenticator authenticator, Composer composer) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.composer = Objects.requireNonNull(composer, "composer");
  }

  /** One rule's verdict. */
  public record Check(String rule, boolean passed, String detail) {}

  /** The answer: the message, each check, and whether the gate would stop it. */
  public record Preview(OutboundMessage message, List<Check> checks, boolean blocked) {}

  public Answer preview(String authorization, String appId, byte[] body) {
    var outcome = authenticator.authenticate(authorization, ApiKey.CONFIG_READ);
    if (outcome instanceof Refused refused) {
      return new Answer(refused.status(), refused.error().body());
    }
    if (!((Authenticated) outcome).appId().equals(appId)) {
      return invalid(403, "wrong_app", "the API key belongs to another app than " + appId, null);
    }
    JsonNode request;
    try {
      request = Json.tree(body);
    } catch (Json.MalformedJson e) {
      return invalid(400, "malformed_json", "the body is not JSON: " + e.getMessage(), null);
    }
    if (request == null || !request.isObject()) {
      return invalid(400, "invalid_body", "the body must be a JSON object", null);
    }
    String userId = text(request, "userId");
    if (userId == null || userId.isBlank()) {
      return invalid(400, "missing_field", "userId is required", "/userId");
    }
    String intervention = text(request, "intervention");
    if (InterventionCatalog.ALL.stream()
        .map(Intervention::name)
        .noneMatch(n -> n.equals(intervention))) {
      return invalid(
          400,
          "invalid_value",
          "intervention must be one of "
              + InterventionCatalog.ALL.stream().map(Intervention::name).toList(),
          "/intervention");
    }
    Optional<Channel> channel =
        Arrays.stream(Channel.values())
            .filter(c -> c.wireName().equals(text(request, "channel")))
            .findFirst();
    if (channel.isEmpty()) {
      return invalid(400, "invalid_value", "channel must be email, sms or push", "/channel");
    }
    String language = text(request, "language");
    if (language != null && Locale.forLanguageTag(language).getLanguage().isEmpty()) {
      return invalid(
          400, "invalid_format", "language must be a BCP 47 tag such as pt-BR", "/language");
    }
    String variant = Objects.requireNonNullElse(text(request, "variant"), ContentVariants.FIRST);
    if (!ContentVariants.BUILT_IN.contains(variant)) {
      return invalid(
          400, "invalid_value", "variant must be one of " + ContentVariants.BUILT_IN, "/variant");
    }
    return composer
        .preview(appId, userId, intervention, channel.get(), language, variant)
        .map(composed -> new Answer(200, preview(composed)))
        .orElseGet(() -> invalid(404, "unknown_user", "no profile for user " + userId, null));
  }

  private static Preview preview(Composer.Composed composed) {
    List<Check> checks =
        Arrays.stream(ComplianceRule.values())
            .map(
                rule ->
                    composed.violations().stream()
                        .filter(v -> v.rule() == rule)
                        .findFirst()
                        .map(v -> new Check(rule.code(), false, v.detail()))
                        .orElse(new Check(rule.code(), true, null)))
            .toList();
    return new Preview(composed.message(), checks, !composed.violations().isEmpty());
  }

  private static String text(JsonNode request, String field) {
    JsonNode node = request.get(field);
    return node == null || !node.isString() ? null : node.asString();
  }

  private static Answer invalid(int status, String code, String message, String field) {
    return new Answer(status, new ApiError(code, message, field).body());
  }
}

package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class OpenApiDocumentTest {
  private static final List<String> INGEST_CODES =
      List.of(
          "missing_api_key",
          "invalid_api_key",
          "invalid_utf8",
          "malformed_gzip",
          "unsupported_encoding",
          "truncated_body",
          "request_timeout",
          "invalid_id",
          "reserved_id",
          "invalid_unicode",
          "timestamp_too_old",
          "api_key_revoked",
          "insufficient_scope",
          "unsupported_media_type",
          "payload_too_large",
          "batch_too_large",
          "malformed_json",
          "invalid_body",
          "rate_limited",
          "unavailable",
          "missing_field",
          "invalid_type",
          "invalid_format",
          "invalid_length",
          "unknown_field",
          "invalid_timezone",
          "timestamp_in_future",
          "invalid_value",
          "unknown_message");

  private final JsonNode doc = load();

  private static JsonNode load() {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/api/openapi.yaml")) {
      return YAMLMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void isOpenApi31WithEveryPublicEndpoint() {
    assertThat(doc.get("openapi").asString()).startsWith("3.1.");
    assertThat(doc.get("paths").propertyNames())
        .containsExactlyInAnyOrder(
            "/v1/events",
            "/v1/schema",
            "/v1/users/{userId}",
            "/v1/users/{userId}/export",
            "/v1/outbox",
            "/v1/outbox/{outboundId}/{kind}",
            "/v1/l/{token}/open",
            "/v1/l/{token}/click",
            "/v1/l/{token}/unsubscribe",
            "/v1/l/{token}/preferences",
            "/v1/webhooks/sendgrid",
            "/v1/webhooks/twilio/status",
            "/v1/webhooks/twilio/inbound",
            "/v1/quarantine",
            "/v1/models",
            "/v1/schema/app-config",
            "/v1/apps/{appId}/config",
            "/v1/apps/{appId}/config/versions",
            "/v1/apps/{appId}/preview",
            "/v1/batch",
            "/v1/import",
            "/v1/track",
            "/v1/identify",
            "/v1/page",
            "/v1/screen",
            "/v1/group",
            "/v1/alias",
            "/admin/apps",
            "/admin/apps/{appId}/archive",
            "/admin/apps/{appId}/keys",
            "/admin/apps/{appId}/keys/{keyId}/rotate",
            "/admin/apps/{appId}/keys/{keyId}/revoke",
            "/admin/audit");
  }

  @Test
  void postEventsDocumentsEveryStatusItCanAnswer() {
    assertThat(doc.at("/paths/~1v1~1events/post/responses").propertyNames())
        .containsExactlyInAnyOrder("202", "400", "401", "403", "408", "413", "415", "429", "503");
    assertThat(doc.at("/paths/~1v1~1events/post/responses/429/headers").has("Retry-After"))
        .isTrue();
  }

  @Test
  void errorTableNamesEveryCode() {
    String description = doc.at("/info/description").asString();
    for (String code : INGEST_CODES) {
      assertThat(description).as(code).contains("| `" + code + "` |");
    }
  }

  @Test
  void everyErrorExampleHasExactlyTheApiErrorShape() {
    List<JsonNode> examples = new ArrayList<>();
    collectErrorExamples(doc, examples);
    assertThat(examples).hasSizeGreaterThan(10);
    for (JsonNode example : examples) {
      ApiError error = Json.mapper().treeToValue(example.get("error"), ApiError.class);
      assertThat(Json.tree(Json.encode(error.body()))).as(example.toString()).isEqualTo(example);
    }
  }

  @Test
  void examplesMatchWhatTheServiceAnswers() {
    var f = new dev.userwhisperer.core.testing.IngestFixture();
    var tooLarge = new byte[IngestService.MAX_BODY_BYTES + 1];
    JsonNode actual =
        Json.tree(
            Json.encode(
                f.service
                    .handle(new IngestRequest("Bearer " + f.key, "application/json", tooLarge))
                    .body()));
    assertThat(actual)
        .isEqualTo(
            doc.at(
                "/paths/~1v1~1events/post/responses/413/content/application~1json/examples/payload_too_large/value"));
    actual = Json.tree(Json.encode(f.service.handle(new IngestRequest(null, null, null)).body()));
    assertThat(actual)
        .isEqualTo(
            doc.at(
                "/components/responses/Unauthorized/content/application~1json/examples/missing_api_key/value"));
  }

  @Test
  void everyDecisionReasonIsDocumentedWithItsOutcomeAndMeaning() {
    JsonNode reason = doc.at("/components/schemas/DecisionReason");
    assertThat(reason.get("enum").valueStream().map(JsonNode::asString))
        .containsExactly(
            Arrays.stream(DecisionReason.values())
                .map(DecisionReason::code)
                .toArray(String[]::new));
    for (DecisionReason r : DecisionReason.values()) {
      assertThat(reason.get("description").asString())
          .contains("| " + r.outcome() + " | `" + r.code() + "` | " + r.meaning() + " |");
    }
  }

  @Test
  void theProfilesEnumsAreCoresEnums() {
    assertThat(enumOf("/components/schemas/Profile/properties/lifecycle"))
        .containsExactly(names(LifecycleStage.values()));
    assertThat(enumOf("/components/schemas/Profile/properties/billing/properties/status"))
        .containsExactly(names(BillingStatus.values()));
    assertThat(enumOf("/components/schemas/Decision/properties/outcome"))
        .containsExactly(names(Decision.Outcome.values()));
  }

  private List<String> enumOf(String pointer) {
    return doc.at(pointer + "/enum").valueStream().map(JsonNode::asString).toList();
  }

  private static String[] names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
  }

  private static void collectErrorExamples(JsonNode node, List<JsonNode> into) {
    if (node.isObject() && node.has("value") && node.get("value").has("error")) {
      into.add(node.get("value"));
      return;
    }
    node.forEach(child -> collectErrorExamples(child, into));
  }
}

package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.userwhisperer.core.compose.ComposeSettings;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.CopyWriter;
import dev.userwhisperer.core.compose.compliance.ComplianceGate;
import dev.userwhisperer.core.compose.compliance.LanguageDetector;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Gemini writer on Vertex AI against a stub that speaks {@code generateContent}. */
class GeminiContentWriterIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final String PATH =
      "/v1beta1/projects/p1/locations/europe-west1/publishers/google/models/gemini-2.5-flash:generateContent";
  private static final String PUSH_JSON =
      "{\"title\":\"Your week, planned\",\"body\":\"{{firstName}}, ten minutes now and your week runs itself.\"}";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
  private Client client;
  private Composer composer;

  @BeforeEach
  void start() {
    stub.start();
    configs.save(TestEvents.APP, AppConfigs.demo(), T);
    profiles.put(
        Profiles.user("user-8431")
            .pushToken("fcm-token-abc")
            .email("ana.silva@example.com")
            .firstName("Ana")
            .build());
    client =
        Client.builder()
            .vertexAI(true)
            .project("p1")
            .location("europe-west1")
            .credentials(GoogleCredentials.create(new AccessToken("test-token", null)))
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(stub.baseUrl())
                    .timeout(3000)
                    .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                    .build())
            .build();
    GeminiContentWriter writer =
        new GeminiContentWriter(
            client,
            new GeminiContentWriter.Settings(
                "gemini-2.5-flash", 0.4f, 600, "BLOCK_MEDIUM_AND_ABOVE"));
    composer =
        new Composer(
            new Composer.Stores(profiles, configs, new InMemoryWarehouse()),
            new CopyWriter(writer, Composers.templates(), 100),
            Composers.templates(),
            new ComplianceGate(LanguageDetector.NONE),
            new ComposeSettings("https://uw.example.com", TestLinkTokens.tokens()),
            new MutableClock(T));
  }

  @AfterEach
  void stop() {
    client.close();
    stub.stop();
  }

  private OutboundMessage compose(String decisionId) {
    List<OutboundMessage> out =
        composer.apply(
            Decisions.decision(decisionId)
                .user("user-8431")
                .intervention("winback")
                .channel(Channel.PUSH)
                .at(T)
                .build());
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private static String answer(String text, String finishReason) {
    Map<String, Object> candidate =
        text == null
            ? Map.of("finishReason", finishReason, "index", 0)
            : Map.of(
                "content",
                Map.of("role", "model", "parts", List.of(Map.of("text", text))),
                "finishReason",
                finishReason,
                "index",
                0);
    return Json.encodeToString(
        Map.of(
            "candidates", List.of(candidate),
            "usageMetadata",
                Map.of("promptTokenCount", 377, "candidatesTokenCount", 41, "totalTokenCount", 418),
            "modelVersion", "gemini-2.5-flash"));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Test
  void theModelsCopyIsUsedAndTheRequestAsksForStructuredOutput() {
    stub.stubFor(post(urlPathEqualTo(PATH)).willReturn(json(200, answer(PUSH_JSON, "STOP"))));

    OutboundMessage m = compose("d1");

    assertThat(m.title()).isEqualTo("Your week, planned");
    assertThat(m.body()).isEqualTo("Ana, ten minutes now and your week runs itself.");
    assertThat(m.provenance()).isEqualTo(new Provenance(1, "gemini", null, false, 377, 41));
    stub.verify(
        postRequestedFor(urlPathEqualTo(PATH))
            .withHeader("Authorization", equalTo("Bearer test-token"))
            .withRequestBody(
                matchingJsonPath(
                    "$.generationConfig.responseMimeType", equalTo("application/json")))
            .withRequestBody(
                matchingJsonPath("$.generationConfig.responseSchema.required[0]", equalTo("title")))
            .withRequestBody(matchingJsonPath("$.generationConfig.maxOutputTokens", equalTo("600")))
            .withRequestBody(
                matchingJsonPath("$.generationConfig.thinkingConfig.thinkingBudget", equalTo("0")))
            .withRequestBody(
                matchingJsonPath(
                    "$.safetySettings[0].threshold", equalTo("BLOCK_MEDIUM_AND_ABOVE")))
            .withRequestBody(matchingJsonPath("$.systemInstruction.parts[0].text")));
  }

  @Test
  void noPersonalDataReachesTheModel() {
    stub.stubFor(post(urlPathEqualTo(PATH)).willReturn(json(200, answer(PUSH_JSON, "STOP"))));

    compose("d1");

    String sent = stub.getAllServeEvents().get(0).getRequest().getBodyAsString();
    assertThat(sent)
        .contains("Tempo")
        .doesNotContain("Ana")
        .doesNotContain("ana.silva")
        .doesNotContain("fcm-token-abc")
        .doesNotContain("user-8431");
  }

  @Test
  void theSameSituationIsAskedOnceAndReused() {
    stub.stubFor(post(urlPathEqualTo(PATH)).willReturn(json(200, answer(PUSH_JSON, "STOP"))));

    compose("d1");
    OutboundMessage second = compose("d2");

    assertThat(stub.getAllServeEvents()).hasSize(1);
    assertThat(second.provenance()).isEqualTo(new Provenance(1, "gemini", null, true, 0, 0));
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "429",
            json(
                429,
                "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}"),
            "http_429"),
        Arguments.of(
            "503",
            json(
                503,
                "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\",\"status\":\"UNAVAILABLE\"}}"),
            "http_503"),
        Arguments.of(
            "500",
            json(
                500,
                "{\"error\":{\"code\":500,\"message\":\"Internal error encountered.\",\"status\":\"INTERNAL\"}}"),
            "http_500"),
        Arguments.of(
            "timeout", json(200, answer(PUSH_JSON, "STOP")).withFixedDelay(4500), "timeout"),
        Arguments.of(
            "blocked prompt",
            json(
                200,
                "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"HIGH\",\"blocked\":true}]},\"usageMetadata\":{\"promptTokenCount\":377,\"totalTokenCount\":377}}"),
            "safety_blocked"),
        Arguments.of(
            "candidate stopped for safety", json(200, answer(null, "SAFETY")), "safety_blocked"),
        Arguments.of("recitation", json(200, answer(null, "RECITATION")), "refused"),
        Arguments.of(
            "cut at maxOutputTokens",
            json(200, answer("{\"title\":\"Your we", "MAX_TOKENS")),
            "truncated"),
        Arguments.of(
            "text not JSON",
            json(200, answer("Here is a push notification: ...", "STOP")),
            "malformed_output"),
        Arguments.of(
            "title too long",
            json(200, answer("{\"title\":\"" + "x".repeat(80) + "\",\"body\":\"b\"}", "STOP")),
            "schema_violation"),
        Arguments.of(
            "unknown placeholder",
            json(200, answer("{\"title\":\"Hi {{email}}\",\"body\":\"b\"}", "STOP")),
            "schema_violation"));
  }

  @ParameterizedTest(name = "{0} -> template, reason {2}")
  @MethodSource("failures")
  void anyFailureFallsBackToTheTemplateWithItsReason(
      String name, ResponseDefinitionBuilder response, String reason) {
    stub.stubFor(post(urlPathEqualTo(PATH)).willReturn(response));

    OutboundMessage m = compose("d1");

    assertThat(m.provenance()).isEqualTo(new Provenance(1, "template", reason, false, 0, 0));
    assertThat(m.title()).isEqualTo("It has been a while");
  }
}

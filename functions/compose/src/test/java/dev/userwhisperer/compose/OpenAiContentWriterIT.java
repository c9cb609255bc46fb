package dev.userwhisperer.compose;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
import java.net.URI;
import java.time.Duration;
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

/** The OpenAI-compatible writer against a stub that speaks {@code /v1/chat/completions}. */
class OpenAiContentWriterIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final String EMAIL_JSON =
      "{\"subject\":\"{{firstName}}, your week is waiting\",\"preheader\":\"Ten minutes, once.\","
          + "\"body\":\"Hi {{firstName}},\\n\\nYour plan is where you left it.\",\"cta\":\"Open Tempo\"}";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
  private Composer composer;

  @BeforeEach
  void start() {
    stub.start();
    configs.save(TestEvents.APP, AppConfigs.demo(), T);
    profiles.put(
        Profiles.user("user-8431")
            .email("ana.silva@example.com")
            .phone("+5511987654321")
            .firstName("Ana")
            .build());
    OpenAiContentWriter writer =
        new OpenAiContentWriter(
            new OpenAiContentWriter.Settings(
                URI.create(stub.baseUrl()),
                "sk-test",
                "gpt-4o-mini",
                0.4,
                600,
                Duration.ofSeconds(3)));
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
    stub.stop();
  }

  private OutboundMessage compose(String decisionId) {
    List<OutboundMessage> out =
        composer.apply(
            Decisions.decision(decisionId)
                .user("user-8431")
                .intervention("winback")
                .channel(Channel.EMAIL)
                .at(T)
                .build());
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private static String completion(String content, String finishReason) {
    return Json.encodeToString(
        Map.of(
            "id", "chatcmpl-1",
            "object", "chat.completion",
            "model", "gpt-4o-mini",
            "choices",
                List.of(
                    Map.of(
                        "index",
                        0,
                        "message",
                        Map.of("role", "assistant", "content", content),
                        "finish_reason",
                        finishReason)),
            "usage", Map.of("prompt_tokens", 412, "completion_tokens", 88, "total_tokens", 500)));
  }

  @Test
  void theModelsCopyIsUsedWithTheNameFilledInAndItsTokensRecorded() {
    stub.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(completion(EMAIL_JSON, "stop"))));

    OutboundMessage m = compose("d1");

    assertThat(m.subject()).isEqualTo("Ana, your week is waiting");
    assertThat(m.body())
        .startsWith("Hi Ana,\n\nYour plan is where you left it.")
        .contains("Unsubscribe: https://uw.example.com/");
    assertThat(m.provenance()).isEqualTo(new Provenance(1, "openai", null, false, 412, 88));
    stub.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
            .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.strict", equalTo("true")))
            .withRequestBody(
                matchingJsonPath(
                    "$.response_format.json_schema.schema.required[0]", equalTo("subject")))
            .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system"))));
  }

  @Test
  void noPersonalDataReachesTheModel() {
    stub.stubFor(
        post("/v1/chat/completions")
            .willReturn(aResponse().withBody(completion(EMAIL_JSON, "stop"))));

    compose("d1");

    String sent = stub.getAllServeEvents().get(0).getRequest().getBodyAsString();
    assertThat(sent)
        .contains("Tempo")
        .doesNotContain("Ana")
        .doesNotContain("ana.silva")
        .doesNotContain("5511987654321")
        .doesNotContain("user-8431");
  }

  @Test
  void theSameSituationIsAskedOnceAndReused() {
    stub.stubFor(
        post("/v1/chat/completions")
            .willReturn(aResponse().withBody(completion(EMAIL_JSON, "stop"))));

    OutboundMessage first = compose("d1");
    OutboundMessage second = compose("d2");

    assertThat(first.provenance().writer()).as(first.provenance().toString()).isEqualTo("openai");
    assertThat(stub.getAllServeEvents()).hasSize(1);
    assertThat(second.provenance()).isEqualTo(new Provenance(1, "openai", null, true, 0, 0));
    assertThat(second.subject()).isEqualTo("Ana, your week is waiting");
  }

  static Stream<Arguments> failures() {
    Map<String, Object> refusal =
        Map.of(
            "choices",
            List.of(
                Map.of(
                    "index",
                    0,
                    "message",
                    Map.of(
                        "role", "assistant", "content", "", "refusal", "I can't help with that."),
                    "finish_reason",
                    "stop")));
    return Stream.of(
        Arguments.of(
            "429",
            aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "20")
                .withBody(
                    "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"),
            "http_429"),
        Arguments.of(
            "503",
            aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\"}}"),
            "http_503"),
        Arguments.of(
            "timeout",
            aResponse().withFixedDelay(4500).withBody(completion(EMAIL_JSON, "stop")),
            "timeout"),
        Arguments.of("refusal", aResponse().withBody(Json.encodeToString(refusal)), "refused"),
        Arguments.of(
            "content filter",
            aResponse().withBody(completion("", "content_filter")),
            "safety_blocked"),
        Arguments.of(
            "cut at max_tokens",
            aResponse().withBody(completion("{\"subject\":\"Hi", "length")),
            "truncated"),
        Arguments.of(
            "content not JSON",
            aResponse().withBody(completion("Sure! Here is your email: ...", "stop")),
            "malformed_output"),
        Arguments.of(
            "content missing a field",
            aResponse().withBody(completion("{\"subject\":\"Hi\",\"body\":\"B\"}", "stop")),
            "schema_violation"),
        Arguments.of(
            "response not JSON",
            aResponse().withBody("<html>bad gateway</html>"),
            "malformed_output"));
  }

  @ParameterizedTest(name = "{0} -> template, reason {2}")
  @MethodSource("failures")
  void anyFailureFallsBackToTheTemplateWithItsReason(
      String name, ResponseDefinitionBuilder response, String reason) {
    stub.stubFor(post("/v1/chat/completions").willReturn(response));

    OutboundMessage m = compose("d1");

    assertThat(m.provenance()).isEqualTo(new Provenance(1, "template", reason, false, 0, 0));
    assertThat(m.subject()).isEqualTo("We miss you, Ana");
  }
}

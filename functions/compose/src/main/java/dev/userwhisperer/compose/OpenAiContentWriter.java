package dev.userwhisperer.compose;

import dev.userwhisperer.core.compose.ContentRequest;
import dev.userwhisperer.core.compose.ContentWriter;
import dev.userwhisperer.core.compose.DraftSchema;
import dev.userwhisperer.core.compose.WriterFailure;
import dev.userwhisperer.core.compose.WriterPrompt;
import dev.userwhisperer.core.compose.Written;
import dev.userwhisperer.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A {@link ContentWriter} on any OpenAI-compatible {@code POST /v1/chat/completions} server
 * (OpenAI, vLLM, Ollama, LiteLLM): the {@link WriterPrompt} as system and user messages, the
 * channel's {@link DraftSchema} as a strict {@code json_schema} response format. Every way the call
 * can fail becomes a {@link WriterFailure} whose reason the message records: {@code timeout},
 * {@code unreachable}, {@code http_<status>}, {@code refused} (the model's refusal), {@code
 * safety_blocked} ({@code content_filter}), {@code truncated} ({@code length}), {@code
 * empty_output}, {@code malformed_output}, {@code schema_violation}. It never retries: the
 * templates answer at once instead.
 */
public final class OpenAiContentWriter implements ContentWriter {
  public static final String NAME = "openai";

  /**
   * @param baseUrl the server up to {@code /v1}, e.g. {@code https://api.openai.com} or {@code
   *     http://localhost:11434} (Ollama)
   * @param apiKey sent as a bearer token; null for a server that needs none
   * @param timeout for the whole call, connection included
   */
  public record Settings(
      URI baseUrl,
      String apiKey,
      String model,
      double temperature,
      int maxTokens,
      Duration timeout) {
    public Settings {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(timeout, "timeout");
    }

    /** Hides the key, so that logging the settings never leaks it. */
    @Override
    public String toString() {
      return "Settings[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout + "]";
    }
  }

  private final Settings settings;
  private final HttpClient http;

  public OpenAiContentWriter(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .build();
  }

  @Override
  public Written write(ContentRequest request) {
    WriterPrompt prompt = WriterPrompt.of(request);
    HttpRequest.Builder call =
        HttpRequest.newBuilder(URI.create(stripSlash(settings.baseUrl()) + "/v1/chat/completions"))
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.encode(body(request, prompt))));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      call.header("Authorization", "Bearer " + settings.apiKey());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(call.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new WriterFailure("timeout", "no answer within " + settings.timeout(), e);
    } catch (IOException e) {
      throw new WriterFailure("unreachable", "cannot reach " + settings.baseUrl() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriterFailure("interrupted", "interrupted while waiting for the model", e);
    }
    if (response.statusCode() != 200) {
      throw new WriterFailure(
          "http_" + response.statusCode(), "the server answered " + response.statusCode());
    }
    JsonNode answer;
    try {
      answer = Json.tree(response.body());
    } catch (Json.MalformedJson e) {
      throw new WriterFailure("malformed_output", "the response is not JSON", e);
    }
    JsonNode choice = answer.path("choices").path(0);
    JsonNode message = choice.path("message");
    if (message.hasNonNull("refusal")) {
      throw new WriterFailure("refused", "the model refused: " + message.get("refusal").asString());
    }
    String finish = choice.path("finish_reason").asString("");
    if ("content_filter".equals(finish)) {
      throw new WriterFailure("safety_blocked", "the answer was filtered");
    }
    if ("length".equals(finish)) {
      throw new WriterFailure("truncated", "the answer reached max_tokens");
    }
    if (!message.hasNonNull("content") || message.get("content").asString().isBlank()) {
      throw new WriterFailure("empty_output", "the answer has no content");
    }
    var draft = DraftSchema.parse(message.get("content").asString(), request.channel());
    JsonNode usage = answer.path("usage");
    return new Written(
        draft,
        NAME,
        usage.path("prompt_tokens").asInt(0),
        usage.path("completion_tokens").asInt(0));
  }

  private Map<String, Object> body(ContentRequest request, WriterPrompt prompt) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", "message_" + request.channel().wireName());
    schema.put("strict", true);
    schema.put("schema", DraftSchema.withoutLengths(request.channel()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", settings.model());
    body.put("temperature", settings.temperature());
    body.put("max_tokens", settings.maxTokens());
    body.put(
        "messages",
        List.of(
            Map.of("role", "system", "content", prompt.system()),
            Map.of("role", "user", "content", prompt.user())));
    body.put("response_format", Map.of("type", "json_schema", "json_schema", schema));
    return body;
  }

  private static String stripSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}

package dev.userwhisperer.gcp;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HarmBlockThreshold;
import com.google.genai.types.HarmCategory;
import com.google.genai.types.Part;
import com.google.genai.types.SafetySetting;
import com.google.genai.types.Schema;
import com.google.genai.types.ThinkingConfig;
import dev.userwhisperer.core.compose.ContentRequest;
import dev.userwhisperer.core.compose.ContentWriter;
import dev.userwhisperer.core.compose.DraftSchema;
import dev.userwhisperer.core.compose.WriterFailure;
import dev.userwhisperer.core.compose.WriterPrompt;
import dev.userwhisperer.core.compose.Written;
import dev.userwhisperer.core.message.Channel;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ContentWriter} on Gemini ({@code generateContent}, on Vertex AI or the Gemini API) with
 * structured output: {@code responseMimeType} {@code application/json} and the channel's {@link
 * DraftSchema} as {@code responseSchema}, temperature, token limit and safety settings from {@link
 * Settings}; the client's timeout bounds the call and it does not retry (the templates answer at
 * once instead). Failures become {@link WriterFailure}s: {@code http_<status>}, {@code timeout},
 * {@code unreachable}, {@code safety_blocked} (a blocked prompt or a candidate stopped for safety),
 * {@code refused} (recitation), {@code truncated}, {@code empty_output}, {@code malformed_output},
 * {@code schema_violation}.
 */
public final class GeminiContentWriter implements ContentWriter {
  public static final String NAME = "gemini";

  private static final Set<String> SAFETY_STOPS =
      Set.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY");
  private static final List<HarmCategory.Known> CATEGORIES =
      List.of(
          HarmCategory.Known.HARM_CATEGORY_HARASSMENT,
          HarmCategory.Known.HARM_CATEGORY_HATE_SPEECH,
          HarmCategory.Known.HARM_CATEGORY_SEXUALLY_EXPLICIT,
          HarmCategory.Known.HARM_CATEGORY_DANGEROUS_CONTENT);

  /**
   * @param safetyThreshold for every harm category, e.g. {@code BLOCK_MEDIUM_AND_ABOVE}
   */
  public record Settings(
      String model, float temperature, int maxOutputTokens, String safetyThreshold) {
    public Settings {
      Objects.requireNonNull(model, "model");
      HarmBlockThreshold.Known.valueOf(Objects.requireNonNull(safetyThreshold, "safetyThreshold"));
    }
  }

  private final Client client;
  private final Settings settings;

  /**
   * @param client with its timeout and no retries set ({@link #client})
   */
  public GeminiContentWriter(Client client, Settings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Written write(ContentRequest request) {
    WriterPrompt prompt = WriterPrompt.of(request);
    GenerateContentResponse response;
    try {
      response =
          client.models.generateContent(settings.model(), prompt.user(), config(request, prompt));
    } catch (ApiException e) {
      throw new WriterFailure(
          "http_" + e.code(), "Gemini answered " + e.code() + " " + e.status(), e);
    } catch (GenAiIOException e) {
      throw new WriterFailure(
          timedOut(e) ? "timeout" : "unreachable", "calling Gemini failed: " + e.getMessage(), e);
    }
    if (response.promptFeedback().flatMap(f -> f.blockReason()).isPresent()) {
      throw new WriterFailure(
          "safety_blocked",
          "the prompt was blocked: " + response.promptFeedback().get().blockReason().get());
    }
    Candidate candidate =
        response
            .candidates()
            .flatMap(c -> c.stream().findFirst())
            .orElseThrow(() -> new WriterFailure("empty_output", "Gemini answered no candidate"));
    String finish = candidate.finishReason().map(FinishReason::toString).orElse("STOP");
    if (SAFETY_STOPS.contains(finish)) {
      throw new WriterFailure("safety_blocked", "the answer was stopped: " + finish);
    }
    if ("RECITATION".equals(finish)) {
      throw new WriterFailure("refused", "the answer was stopped: " + finish);
    }
    if ("MAX_TOKENS".equals(finish)) {
      throw new WriterFailure("truncated", "the answer reached maxOutputTokens");
    }
    String text = response.text();
    if (text == null || text.isBlank()) {
      throw new WriterFailure("empty_output", "the answer has no text");
    }
    var draft = DraftSchema.parse(text, request.channel());
    var usage = response.usageMetadata();
    return new Written(
        draft,
        NAME,
        usage.flatMap(u -> u.promptTokenCount()).orElse(0),
        usage.flatMap(u -> u.candidatesTokenCount()).orElse(0));
  }

  private GenerateContentConfig config(ContentRequest request, WriterPrompt prompt) {
    return GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText(prompt.system())))
        .responseMimeType("application/json")
        .responseSchema(schema(request.channel()))
        .temperature(settings.temperature())
        .maxOutputTokens(settings.maxOutputTokens())
        // a short draft needs no reasoning: thinking would add seconds and output tokens per call
        .thinkingConfig(ThinkingConfig.builder().thinkingBudget(0).build())
        .safetySettings(
            CATEGORIES.stream()
                .map(
                    c ->
                        SafetySetting.builder()
                            .category(c)
                            .threshold(HarmBlockThreshold.Known.valueOf(settings.safetyThreshold()))
                            .build())
                .toList())
        .build();
  }

  /** The channel's {@link DraftSchema} in Gemini's schema type (an OpenAPI 3.0 subset). */
  static Schema schema(Channel channel) {
    Map<String, Schema> properties = new LinkedHashMap<>();
    DraftSchema.maxLengths(channel)
        .forEach(
            (name, max) ->
                properties.put(
                    name,
                    Schema.builder().type("STRING").minLength(1L).maxLength((long) max).build()));
    List<String> names = List.copyOf(properties.keySet());
    return Schema.builder()
        .type("OBJECT")
        .properties(properties)
        .required(names)
        .propertyOrdering(names)
        .build();
  }

  private static boolean timedOut(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }
}

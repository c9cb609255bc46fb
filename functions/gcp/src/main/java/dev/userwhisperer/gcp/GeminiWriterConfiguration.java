package dev.userwhisperer.gcp;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code whisperer.compose.writer=gemini}: compose writes with Gemini, falling back to the
 * templates. On Vertex AI in {@code whisperer.compose.gemini.project} and {@code location} with the
 * function's service account; with {@code whisperer.compose.gemini.api-key}, on the Gemini API
 * instead. {@code base-url} replaces the endpoint (a stub in tests).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "whisperer.compose.writer", havingValue = GeminiContentWriter.NAME)
public class GeminiWriterConfiguration {

  @Bean(destroyMethod = "close")
  Client geminiClient(
      @Value("${whisperer.compose.gemini.api-key:}") String apiKey,
      @Value("${whisperer.compose.gemini.project:${GOOGLE_CLOUD_PROJECT:}}") String project,
      @Value("${whisperer.compose.gemini.location:us-central1}") String location,
      @Value("${whisperer.compose.gemini.base-url:}") String baseUrl,
      @Value("${whisperer.compose.gemini.timeout:1500ms}") String timeout) {
    return client(
        apiKey, project, location, baseUrl, (int) DurationStyle.detectAndParse(timeout).toMillis());
  }

  @Bean
  GeminiContentWriter geminiContentWriter(
      Client geminiClient,
      @Value("${whisperer.compose.gemini.model:gemini-2.5-flash}") String model,
      @Value("${whisperer.compose.gemini.temperature:0.7}") float temperature,
      @Value("${whisperer.compose.gemini.max-output-tokens:800}") int maxOutputTokens,
      @Value("${whisperer.compose.gemini.safety-threshold:BLOCK_MEDIUM_AND_ABOVE}")
          String safetyThreshold) {
    return new GeminiContentWriter(
        geminiClient,
        new GeminiContentWriter.Settings(model, temperature, maxOutputTokens, safetyThreshold));
  }

  /**
   * A client that gives up after {@code timeoutMillis} and never retries.
   *
   * @param apiKey the Gemini API's key; blank for Vertex AI with application default credentials
   */
  public static Client client(
      String apiKey, String project, String location, String baseUrl, int timeoutMillis) {
    HttpOptions.Builder http =
        HttpOptions.builder()
            .timeout(timeoutMillis)
            .retryOptions(HttpRetryOptions.builder().attempts(1).build());
    if (baseUrl != null && !baseUrl.isBlank()) {
      http.baseUrl(baseUrl);
    }
    Client.Builder client = Client.builder().httpOptions(http.build());
    return apiKey == null || apiKey.isBlank()
        ? client.vertexAI(true).project(project).location(location).build()
        : client.apiKey(apiKey).build();
  }
}

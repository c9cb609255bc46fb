package dev.userwhisperer.compose;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code whisperer.compose.writer=openai}: compose writes with an OpenAI-compatible server ({@code
 * whisperer.compose.openai.*}), falling back to the templates.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "whisperer.compose.writer", havingValue = OpenAiContentWriter.NAME)
public class OpenAiWriterConfiguration {

  @Bean
  OpenAiContentWriter openAiContentWriter(
      @Value("${whisperer.compose.openai.base-url}") URI baseUrl,
      @Value("${whisperer.compose.openai.api-key:}") String apiKey,
      @Value("${whisperer.compose.openai.model}") String model,
      @Value("${whisperer.compose.openai.temperature:0.7}") double temperature,
      @Value("${whisperer.compose.openai.max-tokens:800}") int maxTokens,
      @Value("${whisperer.compose.openai.timeout:1500ms}") String timeout) {
    return new OpenAiContentWriter(
        new OpenAiContentWriter.Settings(
            baseUrl, apiKey, model, temperature, maxTokens, DurationStyle.detectAndParse(timeout)));
  }
}

package dev.userwhisperer.local.churn;

import dev.userwhisperer.core.port.ChurnScorer;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-process churn scorer, when {@code whisperer.churn-model-dir} names an exported model
 * directory; without it analyze scores nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "whisperer", name = "churn-model-dir")
public class ChurnModelConfiguration {

  @Bean
  ChurnScorer xgboostChurnScorer(@Value("${whisperer.churn-model-dir}") Path directory) {
    return XgboostChurnScorer.load(directory);
  }
}

package dev.userwhisperer.telemetry;

import dev.userwhisperer.core.compose.ContentWriter;
import dev.userwhisperer.core.compose.TemplateWriter;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every LLM writer bean of a context (not the templates, which answer in microseconds) in a
 * {@link MeteredContentWriter}, named after its class: {@code GeminiContentWriter} is {@code
 * gemini}.
 */
public final class MeteredContentWriters implements BeanPostProcessor {
  private final Supplier<PipelineMetrics> metrics;

  /**
   * @param metrics looked up when the first writer is made, not when this processor is
   */
  public MeteredContentWriters(Supplier<PipelineMetrics> metrics) {
    this.metrics = metrics;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ContentWriter writer
        && !(bean instanceof TemplateWriter)
        && !(bean instanceof MeteredContentWriter)) {
      return new MeteredContentWriter(writer, name(writer), metrics.get());
    }
    return bean;
  }

  static String name(ContentWriter writer) {
    return writer.getClass().getSimpleName().replace("ContentWriter", "").toLowerCase(Locale.ROOT);
  }
}

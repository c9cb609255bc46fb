package dev.userwhisperer.local.observability;

import dev.userwhisperer.telemetry.MeteredContentWriters;
import dev.userwhisperer.telemetry.PipelineMetrics;
import dev.userwhisperer.telemetry.PipelineTracing;
import dev.userwhisperer.telemetry.StageObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics (Micrometer, scraped by Prometheus at {@code GET /metrics}) and traces (OpenTelemetry;
 * spans go to every {@link SpanExporter} bean, and their ids into the log lines) of the local
 * runner.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

  @Bean
  PrometheusMeterRegistry prometheusMeterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", "whisperer-local");
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  @Bean
  PipelineMetrics pipelineMetrics(MeterRegistry registry) {
    return new PipelineMetrics(registry);
  }

  /**
   * Spans are sampled at {@code whisperer.tracing.sample-ratio} of the traces begun here (an ingest
   * request), and always when the parent was sampled, so a trace is whole or absent.
   */
  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetry(
      ObjectProvider<SpanExporter> exporters,
      @Value("${whisperer.tracing.sample-ratio:1.0}") double sampleRatio) {
    return PipelineTracing.sdk("whisperer-local", sampleRatio, exporters.orderedStream().toList());
  }

  @Bean
  StageObserver stageObserver(OpenTelemetry openTelemetry, PipelineMetrics metrics) {
    // the bus stamps publication times with the wall clock (infrastructure, not event time)
    return new StageObserver(new PipelineTracing(openTelemetry), metrics, Clock.systemUTC());
  }

  /** Times every LLM writer. */
  @Bean
  static BeanPostProcessor meteredContentWriters(ObjectProvider<PipelineMetrics> metrics) {
    return new MeteredContentWriters(metrics::getObject);
  }
}

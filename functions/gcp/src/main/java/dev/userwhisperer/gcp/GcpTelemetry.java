package dev.userwhisperer.gcp;

import dev.userwhisperer.telemetry.MeteredContentWriters;
import dev.userwhisperer.telemetry.PipelineMetrics;
import dev.userwhisperer.telemetry.PipelineTracing;
import dev.userwhisperer.telemetry.StageObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.stackdriver.StackdriverConfig;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The functions' meters and spans. Meters go to Cloud Monitoring when {@code
 * WHISPERER_METRICS_EXPORT=stackdriver} (Terraform sets it), as {@code
 * custom.googleapis.com/whisperer/...} time series of a {@code generic_task} per instance; to no
 * export otherwise (tests, emulators). Spans continue the trace of the message's {@code
 * traceparent} attribute and go to every {@link SpanExporter} bean: Cloud Trace when {@code
 * WHISPERER_TRACES_EXPORT=cloudtrace}.
 */
@Configuration(proxyBeanMethods = false)
class GcpTelemetry {
  static final String METRIC_TYPE_PREFIX = "custom.googleapis.com/";

  @Bean(destroyMethod = "close")
  MeterRegistry meterRegistry(
      @Value("${WHISPERER_METRICS_EXPORT:none}") String export,
      @Value("${GOOGLE_CLOUD_PROJECT:}") String project,
      @Value("${FUNCTION_REGION:${REGION:global}}") String region,
      @Value("${K_SERVICE:whisperer}") String service,
      @Value("${WHISPERER_METRICS_STEP:PT60S}") Duration step) {
    if (!export.equals("stackdriver")) {
      return new SimpleMeterRegistry();
    }
    return StackdriverMeterRegistry.builder(
            stackdriver(project, region, service, UUID.randomUUID().toString(), step))
        .build();
  }

  /**
   * Each instance writes its own time series ({@code task_id}): Cloud Monitoring refuses points of
   * one series written by two writers out of order.
   */
  static StackdriverConfig stackdriver(
      String project, String region, String service, String instance, Duration step) {
    Map<String, String> labels =
        Map.of(
            "location", region,
            "namespace", "whisperer",
            "job", service,
            "task_id", instance);
    return new StackdriverConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String projectId() {
        return project;
      }

      @Override
      public String resourceType() {
        return "generic_task";
      }

      @Override
      public Map<String, String> resourceLabels() {
        return labels;
      }

      @Override
      public boolean useSemanticMetricTypes() {
        return true;
      }

      @Override
      public String metricTypePrefix() {
        return METRIC_TYPE_PREFIX;
      }

      @Override
      public Duration step() {
        return step;
      }
    };
  }

  @Bean
  PipelineMetrics pipelineMetrics(MeterRegistry registry) {
    return new PipelineMetrics(registry);
  }

  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetry(
      ObjectProvider<SpanExporter> exporters,
      @Value("${WHISPERER_TRACE_SAMPLE_RATIO:1.0}") double sampleRatio,
      @Value("${K_SERVICE:whisperer}") String service) {
    return PipelineTracing.sdk(service, sampleRatio, exporters.orderedStream().toList());
  }

  /**
   * With {@code WHISPERER_TRACES_EXPORT=cloudtrace} (Terraform sets it), spans go to Cloud Trace.
   */
  @Bean
  @ConditionalOnProperty(name = "WHISPERER_TRACES_EXPORT", havingValue = "cloudtrace")
  SpanExporter cloudTraceExporter(
      @Value("${GOOGLE_CLOUD_PROJECT}") String project,
      @Value("${WHISPERER_TRACES_ENDPOINT:" + CloudTraceExport.ENDPOINT + "}") String endpoint) {
    return CloudTraceExport.exporter(endpoint, project, CloudTraceExport.applicationDefaultToken());
  }

  @Bean
  StageObserver stageObserver(OpenTelemetry openTelemetry, PipelineMetrics metrics) {
    // Pub/Sub stamps publish times with its own clock; the lag is measured against the wall clock
    return new StageObserver(new PipelineTracing(openTelemetry), metrics, Clock.systemUTC());
  }

  @Bean
  static BeanPostProcessor meteredContentWriters(ObjectProvider<PipelineMetrics> metrics) {
    return new MeteredContentWriters(metrics::getObject);
  }
}

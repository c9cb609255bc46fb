package dev.userwhisperer.telemetry;

import dev.userwhisperer.core.ingest.IngestResult;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.message.Provenance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * The pipeline's meters, named once here (docs/observability.md lists them). Meters are looked up
 * per request or per bus message, never per event: a batch of events costs three counter
 * increments.
 */
public final class PipelineMetrics {
  public static final String INGEST_REQUESTS = "whisperer.ingest.requests";
  public static final String INGEST_EVENTS = "whisperer.ingest.events";
  public static final String STAGE_MESSAGES = "whisperer.stage.messages";
  public static final String STAGE_LAG = "whisperer.stage.lag";
  public static final String STAGE_OUTPUTS = "whisperer.stage.outputs";
  public static final String DECISIONS = "whisperer.decisions";
  public static final String COMPOSED = "whisperer.compose.messages";
  public static final String LLM_REQUESTS = "whisperer.llm.requests";
  public static final String LLM_TOKENS = "whisperer.llm.tokens";
  public static final String LLM_FALLBACKS = "whisperer.llm.fallbacks";
  public static final String DELIVERIES = "whisperer.deliveries";
  public static final String MODEL_PREDICTIONS = "whisperer.model.predictions";

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicates;
  private final Counter rejected;

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.accepted = events("accepted");
    this.duplicates = events("duplicate");
    this.rejected = events("rejected");
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One request to an HTTP stage and, for ingest, what became of its events. */
  public void served(String stage, int status, Object body, Duration took) {
    Timer.builder(INGEST_REQUESTS)
        .description("requests to the HTTP stages, by stage and HTTP status")
        .tag("stage", stage)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
    if (body instanceof IngestResult result) {
      accepted.increment(result.accepted());
      duplicates.increment(result.duplicates());
      rejected.increment(result.rejected());
    }
  }

  /**
   * One delivery of a bus message to a stage.
   *
   * @param lag from the message's publication to the start of this delivery
   * @param acknowledged false when the stage threw (the bus retries or dead-letters it)
   */
  public void handled(String stage, Duration lag, Duration took, boolean acknowledged) {
    Timer.builder(STAGE_LAG)
        .description("time from a message's publication to its delivery to the stage")
        .tag("stage", stage)
        .publishPercentileHistogram()
        .register(registry)
        .record(lag.isNegative() ? Duration.ZERO : lag);
    Timer.builder(STAGE_MESSAGES)
        .description("bus messages handled per stage, acknowledged or failed")
        .tag("stage", stage)
        .tag("outcome", acknowledged ? "ack" : "error")
        .register(registry)
        .record(took);
  }

  /** What a stage published to the next topics. */
  public void published(String stage, List<? extends PipelineMessage> outputs) {
    for (PipelineMessage m : outputs) {
      Counter.builder(STAGE_OUTPUTS)
          .description("messages a stage published, by topic")
          .tag("stage", stage)
          .tag("topic", m.topic())
          .register(registry)
          .increment();
      if (m instanceof Decision d) {
        decided(d);
      } else if (m instanceof OutboundMessage o) {
        composed(o);
      }
    }
  }

  private void decided(Decision d) {
    Counter.builder(DECISIONS)
        .description("decisions by outcome and reason")
        .tag("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT))
        .tag("reason", d.reason().code())
        .register(registry)
        .increment();
    for (Decision.Candidate c : d.candidates()) {
      if (c.modelVersion() != null) {
        modelUsed("uplift", c.modelVersion());
      }
    }
  }

  private void composed(OutboundMessage o) {
    Provenance p = o.provenance();
    Counter.builder(COMPOSED)
        .description("messages composed, by channel, writer and whether the copy was reused")
        .tag("channel", o.channel().name().toLowerCase(java.util.Locale.ROOT))
        .tag("writer", p.writer())
        .tag("cached", Boolean.toString(p.cached()))
        .register(registry)
        .increment();
    if (p.fallbackReason() != null) {
      Counter.builder(LLM_FALLBACKS)
          .description("messages the templates wrote because the LLM writer failed, by reason")
          .tag("reason", p.fallbackReason())
          .register(registry)
          .increment();
    }
    if (p.inputTokens() > 0 || p.outputTokens() > 0) {
      tokens(p.writer(), "input", p.inputTokens());
      tokens(p.writer(), "output", p.outputTokens());
    }
  }

  private void tokens(String writer, String direction, int count) {
    Counter.builder(LLM_TOKENS)
        .description("tokens the LLM writer spent, by writer and direction")
        .tag("writer", writer)
        .tag("direction", direction)
        .register(registry)
        .increment(count);
  }

  /** One call to an LLM writer. */
  public void wrote(String writer, Duration took, boolean succeeded) {
    Timer.builder(LLM_REQUESTS)
        .description("calls to the LLM writer, by writer and outcome")
        .tag("writer", writer)
        .tag("outcome", succeeded ? "ok" : "failure")
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** One send attempt handed to a provider, by channel and what the provider said. */
  public void delivered(String channel, String status) {
    Counter.builder(DELIVERIES)
        .description("sends by channel and provider status")
        .tag("channel", channel)
        .tag("status", status)
        .register(registry)
        .increment();
  }

  /** A prediction made by a model version: which versions are in use, and how much. */
  public void modelUsed(String kind, String version) {
    Counter.builder(MODEL_PREDICTIONS)
        .description("predictions per model kind and version")
        .tag("kind", kind)
        .tag("version", version)
        .register(registry)
        .increment();
  }

  private Counter events(String result) {
    return Counter.builder(INGEST_EVENTS)
        .description("events received by ingest, by result")
        .tag("result", result)
        .register(registry);
  }
}

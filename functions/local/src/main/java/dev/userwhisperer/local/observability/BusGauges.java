package dev.userwhisperer.local.observability;

import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.local.bus.TopicStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The bus's backlog, messages in flight and dead letters per topic, read at scrape time; one read
 * of the bus's statistics serves every gauge of a scrape.
 */
@Component
class BusGauges implements SmartInitializingSingleton {
  private static final long REUSE_NANOS = 1_000_000_000L;

  private final PipelineBus bus;
  private final MeterRegistry registry;
  private Map<String, TopicStats> last = Map.of();
  private long readAt;

  BusGauges(PipelineBus bus, MeterRegistry registry) {
    this.bus = bus;
    this.registry = registry;
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (String topic : Topics.ALL) {
      gauge("whisperer.bus.backlog", "messages waiting for delivery", topic, TopicStats::pending);
      gauge("whisperer.bus.in_flight", "messages handed to a stage", topic, TopicStats::inFlight);
      gauge(
          "whisperer.bus.dead_letters",
          "messages given up on after the last retry",
          topic,
          TopicStats::deadLettered);
    }
  }

  private void gauge(String name, String description, String topic, ToLongFunction<TopicStats> f) {
    Gauge.builder(name, () -> read(topic, f))
        .description(description)
        .tag("topic", topic)
        .register(registry);
  }

  private synchronized double read(String topic, ToLongFunction<TopicStats> f) {
    long now = System.nanoTime();
    if (readAt == 0 || now - readAt > REUSE_NANOS) {
      last = bus.stats();
      readAt = now;
    }
    TopicStats stats = last.get(topic);
    return stats == null ? 0 : f.applyAsLong(stats);
  }
}

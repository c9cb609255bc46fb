package dev.userwhisperer.ingest;

import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.IngestService;
import dev.userwhisperer.core.ingest.SegmentIngest;
import dev.userwhisperer.core.ingest.SegmentRequest;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ingest stage: {@code POST /v1/events} as the Spring Cloud Function {@code ingest}, and the
 * Segment-compatible routes as {@code segmentIngest}. The HTTP layer only converts a request into
 * an {@link IngestRequest} and writes the {@link IngestResponse} back; every rule lives in {@link
 * IngestService}.
 *
 * <p>The ports and the platform {@link Clock} are beans of the runtime (local runner or Google
 * Cloud adapters). The rate limit is set per app with {@code whisperer.ingest.events-per-second}
 * and {@code whisperer.ingest.burst}.
 */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

  /** Real time, never the platform clock: a simulation advancing days must not refill buckets. */
  @Bean
  EventRateLimiter ingestRateLimiter(
      @Value("${whisperer.ingest.events-per-second:100000}") double eventsPerSecond,
      @Value("${whisperer.ingest.burst:200000}") int burst) {
    return new EventRateLimiter(eventsPerSecond, burst, System::nanoTime);
  }

  @Bean
  IngestService ingestService(
      ApiKeyStore keys,
      EventRateLimiter ingestRateLimiter,
      EventBus bus,
      IngestDedup dedup,
      Quarantine quarantine,
      Warehouse warehouse,
      Clock clock) {
    return new IngestService(keys, ingestRateLimiter, bus, dedup, quarantine, warehouse, clock);
  }

  @Bean
  public Function<IngestRequest, IngestResponse> ingest(IngestService ingestService) {
    return ingestService::handle;
  }

  /**
   * The Segment HTTP Tracking API ({@code /v1/batch}, {@code /v1/track}, …) over the same ingest.
   */
  @Bean
  public Function<SegmentRequest, IngestResponse> segmentIngest(IngestService ingestService) {
    return new SegmentIngest(ingestService)::handle;
  }
}

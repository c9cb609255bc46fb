package dev.userwhisperer.ingest;

import dev.userwhisperer.core.ingest.ClaimThenPublish;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.IngestService;
import dev.userwhisperer.core.ingest.SegmentIngest;
import dev.userwhisperer.core.ingest.SegmentRequest;
import dev.userwhisperer.core.ingest.SharedEventRateLimiter;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.EventIntake;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.IngestQuota;
import dev.userwhisperer.core.port.IngestRateLimit;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
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
 * and {@code whisperer.ingest.burst} (the local bucket), {@code whisperer.ingest.leases-per-second}
 * (the shared one).
 */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

  /**
   * Shared by every instance when the runtime offers an {@link IngestQuota} (Cloud Functions:
   * Firestore), else a token bucket of this process (the local runner). Real time, never the
   * platform clock: a simulation advancing days must not refill the budget.
   */
  @Bean
  IngestRateLimit ingestRateLimiter(
      @Value("${whisperer.ingest.events-per-second:100000}") double eventsPerSecond,
      @Value("${whisperer.ingest.burst:200000}") int burst,
      @Value("${whisperer.ingest.leases-per-second:20}") int leasesPerSecond,
      ObjectProvider<IngestQuota> sharedQuota) {
    IngestQuota quota = sharedQuota.getIfAvailable();
    if (quota == null) {
      return new EventRateLimiter(eventsPerSecond, burst, System::nanoTime);
    }
    long perSecond = Math.max(1, Math.round(eventsPerSecond));
    return new SharedEventRateLimiter(
        perSecond, (int) Math.min(leasesPerSecond, perSecond), quota, System::currentTimeMillis);
  }

  /**
   * Valid events go to the runtime's {@link EventIntake} when it offers one (the local runner's
   * SQLite file: dedup and publish in one transaction), else to the dedup store and the bus in
   * turn.
   */
  @Bean
  IngestService ingestService(
      ApiKeyStore keys,
      IngestRateLimit ingestRateLimiter,
      EventBus bus,
      IngestDedup dedup,
      ObjectProvider<EventIntake> intake,
      Quarantine quarantine,
      Warehouse warehouse,
      Clock clock) {
    return new IngestService(
        keys,
        ingestRateLimiter,
        intake.getIfAvailable(() -> new ClaimThenPublish(dedup, bus)),
        quarantine,
        warehouse,
        clock);
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

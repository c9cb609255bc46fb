package dev.userwhisperer.local;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the local runner ({@code whisperer.*} in application.yml, environment variables
 * {@code WHISPERER_*}, or {@code --whisperer.*=} on the command line).
 *
 * @param dataDir where the SQLite and DuckDB files live; they survive restarts
 * @param adminEnabled exposes {@code /admin/*} (clock, bus, sweep); off by default
 * @param publicUrl the URL users' links point at (unsubscribe, clicks)
 * @param sweepInterval how often, in real time, scheduled work is looked for
 * @param eventsPerSecond per-app ingest rate limit (token bucket), with a burst of twice that
 */
@ConfigurationProperties("whisperer")
public record LocalProperties(
    @DefaultValue("data") Path dataDir,
    @DefaultValue("false") boolean adminEnabled,
    @DefaultValue("http://localhost:8080") String publicUrl,
    @DefaultValue("1s") Duration sweepInterval,
    @DefaultValue("200000") int eventsPerSecond) {}

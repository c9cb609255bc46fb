package dev.userwhisperer.local;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.local.bus.BusConfig;
import dev.userwhisperer.local.bus.SqliteEventBus;
import dev.userwhisperer.local.store.OutboxChannelSender;
import dev.userwhisperer.local.store.SqliteApiKeyStore;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.local.store.SqliteDecisionLog;
import dev.userwhisperer.local.store.SqliteIngestDedup;
import dev.userwhisperer.local.store.SqliteProfileStore;
import dev.userwhisperer.local.store.SqliteQuarantine;
import dev.userwhisperer.local.store.SqliteScheduleStore;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.BufferedWarehouse;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The embedded defaults behind the core ports: SQLite for state and the bus, DuckDB for the
 * warehouse, the outbox for every channel; all files under {@code whisperer.data-dir}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LocalProperties.class)
class EmbeddedAdapters {

  /** The platform clock: event time, advanced by the admin API in simulations. */
  @Bean
  @Primary
  SimulatedClock platformClock(LocalProperties properties) {
    return properties.clockStart() == null
        ? new SimulatedClock(Clock.systemUTC())
        : new SimulatedClock(Clock.systemUTC(), properties.clockStart());
  }

  @Bean(destroyMethod = "close")
  SqliteDatabase sqliteDatabase(LocalProperties properties) {
    try {
      Files.createDirectories(properties.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + properties.dataDir(), e);
    }
    return new SqliteDatabase(properties.dataDir().resolve("whisperer.db"));
  }

  /** Retries and backoff run on wall-clock time: they are infrastructure, not event time. */
  @Bean(destroyMethod = "close")
  SqliteEventBus eventBus(SqliteDatabase db) {
    return new SqliteEventBus(db, BusConfig.DEFAULT, Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  DuckDbWarehouse duckDbWarehouse(LocalProperties properties, SqliteDatabase createsDataDirFirst) {
    return new DuckDbWarehouse(properties.dataDir().resolve("warehouse.duckdb"));
  }

  /** What the stages write to: durable in SQLite at once, moved to DuckDB in batches. */
  @Bean(destroyMethod = "close")
  @Primary
  BufferedWarehouse warehouse(SqliteDatabase db, DuckDbWarehouse duckDb, LocalProperties properties) {
    return new BufferedWarehouse(db, duckDb, properties.warehouseFlushInterval());
  }

  @Bean
  ProfileStore profileStore(SqliteDatabase db) {
    return new SqliteProfileStore(db);
  }

  @Bean
  DecisionLog decisionLog(SqliteDatabase db) {
    return new SqliteDecisionLog(db);
  }

  @Bean
  ScheduleStore scheduleStore(SqliteDatabase db) {
    return new SqliteScheduleStore(db);
  }

  @Bean
  ApiKeyStore apiKeyStore(SqliteDatabase db) {
    return new SqliteApiKeyStore(db);
  }

  @Bean
  IngestDedup ingestDedup(SqliteDatabase db) {
    return new SqliteIngestDedup(db);
  }

  @Bean
  Quarantine quarantine(SqliteDatabase db) {
    return new SqliteQuarantine(db);
  }

  @Bean
  OutboxChannelSender outbox(SqliteDatabase db, SimulatedClock clock) {
    return new OutboxChannelSender(db, clock);
  }

  @Bean
  ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyStore keys) {
    return new ApiKeyAuthenticator(keys);
  }
}

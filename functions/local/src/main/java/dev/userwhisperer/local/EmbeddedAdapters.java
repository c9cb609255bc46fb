package dev.userwhisperer.local;

import dev.userwhisperer.core.access.AppsAdmin;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.AuditLog;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.local.store.OutboxChannelSender;
import dev.userwhisperer.local.store.OutboxMessageHistory;
import dev.userwhisperer.local.store.OutboxStatusWarehouse;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.local.store.SqliteDeliveryErasure;
import dev.userwhisperer.local.store.SqliteDeliveryLedger;
import dev.userwhisperer.local.store.SqliteErasureTombstones;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.BufferedWarehouse;
import dev.userwhisperer.local.warehouse.DashboardViews;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What stays embedded on every backend: the platform clock, the outbox for every channel, the
 * delivery ledger and the erasure tombstones (SQLite), and the warehouse (DuckDB), with their files
 * under {@code whisperer.data-dir}. The bus and the stores come from {@link EmbeddedBackend} or
 * {@link EmulatorBackend}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LocalProperties.class)
class EmbeddedAdapters {

  /**
   * The platform clock: event time, advanced by the admin API in simulations; when reproducible, it
   * moves only then.
   */
  @Bean
  @Primary
  SimulatedClock platformClock(LocalProperties properties) {
    if (properties.reproducible()) {
      return new SimulatedClock(Clock.fixed(properties.clockStart(), ZoneOffset.UTC));
    }
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

  @Bean(destroyMethod = "close")
  DuckDbWarehouse duckDbWarehouse(LocalProperties properties, SqliteDatabase createsDataDirFirst) {
    DuckDbWarehouse warehouse =
        new DuckDbWarehouse(properties.dataDir().resolve("warehouse.duckdb"));
    DashboardViews.createAll(warehouse);
    return warehouse;
  }

  /** Durable in SQLite at once, moved to DuckDB in batches. */
  @Bean(destroyMethod = "close")
  BufferedWarehouse bufferedWarehouse(
      SqliteDatabase db, DuckDbWarehouse duckDb, LocalProperties properties) {
    return new BufferedWarehouse(db, duckDb, properties.warehouseFlushInterval());
  }

  @Bean
  OutboxChannelSender outbox(SqliteDatabase db, SimulatedClock clock) {
    return new OutboxChannelSender(db, clock);
  }

  /** The outbox as the console lists it. */
  @Bean
  MessageHistory messageHistory(OutboxChannelSender outbox) {
    return new OutboxMessageHistory(outbox);
  }

  /** What the stages write to: the buffered warehouse, with the outbox following its deliveries. */
  @Bean
  @Primary
  Warehouse warehouse(BufferedWarehouse buffered, OutboxChannelSender outbox) {
    return new OutboxStatusWarehouse(buffered, outbox);
  }

  /** Embedded on every backend, like the outbox it guards. */
  @Bean
  DeliveryLedger deliveryLedger(SqliteDatabase db) {
    return new SqliteDeliveryLedger(db);
  }

  /** Erases a user's messages from the outbox and the ledger above. */
  @Bean
  SqliteDeliveryErasure sqliteDeliveryErasure(SqliteDatabase db) {
    return new SqliteDeliveryErasure(db);
  }

  /**
   * The erasure tombstones (SQLite on every backend, like the outbox), which analyze honours for
   * events still queued at an erasure. First among the erasure's stores: the tombstone stands
   * before anything of the user is deleted.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SqliteErasureTombstones erasureTombstones(SqliteDatabase db) {
    return new SqliteErasureTombstones(db);
  }

  @Bean
  ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyStore keys, SimulatedClock clock) {
    return new ApiKeyAuthenticator(keys, clock);
  }

  /** Keys' bytes from the platform's strong random source. */
  @Bean
  AppsAdmin appsAdmin(AppStore apps, ApiKeyStore keys, AuditLog audit, SimulatedClock clock) {
    return new AppsAdmin(apps, keys, audit, clock, new SecureRandom());
  }
}

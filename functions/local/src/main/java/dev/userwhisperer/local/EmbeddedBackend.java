package dev.userwhisperer.local;

import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.AuditLog;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.EventIntake;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.local.bus.BusConfig;
import dev.userwhisperer.local.bus.IntakeFileMove;
import dev.userwhisperer.local.bus.SqliteEventBus;
import dev.userwhisperer.local.bus.SqliteEventIntake;
import dev.userwhisperer.local.store.SqliteApiKeyStore;
import dev.userwhisperer.local.store.SqliteAppConfigStore;
import dev.userwhisperer.local.store.SqliteAppStore;
import dev.userwhisperer.local.store.SqliteArmStatistics;
import dev.userwhisperer.local.store.SqliteAuditLog;
import dev.userwhisperer.local.store.SqliteConsentTrail;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.local.store.SqliteDecisionLog;
import dev.userwhisperer.local.store.SqliteIngestDedup;
import dev.userwhisperer.local.store.SqliteProfileStore;
import dev.userwhisperer.local.store.SqliteQuarantine;
import dev.userwhisperer.local.store.SqliteStoresErasure;
import dev.userwhisperer.local.store.SqliteUpliftTableStore;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default backend, {@code whisperer.backend=embedded}: the bus and the stores in the SQLite
 * file under {@code whisperer.data-dir}, ingest's dedup claims and the {@code events} topic in a
 * second one beside it ({@link IntakeFile}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "whisperer.backend", havingValue = "embedded", matchIfMissing = true)
class EmbeddedBackend {

  /**
   * Retries and backoff run on wall-clock time: they are infrastructure, not event time. A
   * reproducible platform's bus delivers only when drained.
   */
  @Bean(destroyMethod = "close")
  SqliteEventBus eventBus(SqliteDatabase db, IntakeFile intake, LocalProperties properties) {
    Map<String, SqliteDatabase> ownFiles = Map.of(Topics.EVENTS, intake.db());
    return properties.reproducible()
        ? SqliteEventBus.deliveringOnDrain(db, ownFiles, BusConfig.DEFAULT, Clock.systemUTC())
        : new SqliteEventBus(db, ownFiles, BusConfig.DEFAULT, Clock.systemUTC());
  }

  /**
   * Ingest's own SQLite file, {@code intake.db} beside {@code whisperer.db}: the dedup claims and
   * the {@code events} topic, so that ingest's commits never wait for the pipeline's writer. Rows
   * an earlier version left in the shared file move here at the start.
   */
  @Bean(destroyMethod = "close")
  IntakeFile intakeFile(SqliteDatabase db) {
    SqliteDatabase intake =
        new SqliteDatabase(db.file().resolveSibling(IntakeFile.NAME), IntakeFile.WRITER_CACHE_KIB);
    try {
      IntakeFileMove.fromSharedFile(db, intake);
    } catch (RuntimeException e) {
      intake.close();
      throw e;
    }
    return new IntakeFile(intake);
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
  ArmStatistics armStatistics(SqliteDatabase db) {
    return new SqliteArmStatistics(db);
  }

  @Bean
  ApiKeyStore apiKeyStore(SqliteDatabase db) {
    return new SqliteApiKeyStore(db);
  }

  @Bean
  AppStore appStore(SqliteDatabase db) {
    return new SqliteAppStore(db);
  }

  @Bean
  AuditLog auditLog(SqliteDatabase db) {
    return new SqliteAuditLog(db);
  }

  @Bean
  IngestDedup ingestDedup(IntakeFile intake) {
    return new SqliteIngestDedup(intake.db());
  }

  /** Ingest's dedup and publish in one SQLite transaction, grouped across concurrent requests. */
  @Bean
  EventIntake eventIntake(IntakeFile intake, SqliteEventBus bus) {
    return new SqliteEventIntake(intake.db(), bus);
  }

  @Bean
  Quarantine quarantine(SqliteDatabase db) {
    return new SqliteQuarantine(db);
  }

  @Bean
  UpliftTableStore upliftTableStore(SqliteDatabase db) {
    return new SqliteUpliftTableStore(db);
  }

  @Bean
  ConsentTrail consentTrail(SqliteDatabase db) {
    return new SqliteConsentTrail(db);
  }

  /** What erases a user from the stores above. */
  @Bean
  SqliteStoresErasure sqliteStoresErasure(SqliteDatabase db, IntakeFile intake) {
    return new SqliteStoresErasure(db, intake.db());
  }

  @Bean
  AppConfigStore appConfigStore(SqliteDatabase db) {
    return new SqliteAppConfigStore(db);
  }
}

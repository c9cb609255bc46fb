package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.AuditLog;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Firestore adapters of the state ports as beans, given a {@link Firestore} and the platform
 * {@link Clock}. Imported by the Cloud Functions' configuration and by the local runner's emulator
 * backend, so both wire the stores the same way; each declares ingest's dedup itself (none on Cloud
 * Functions, Firestore claims on the emulator backend).
 */
@Configuration(proxyBeanMethods = false)
public class FirestoreStores {

  /** Profiles the analyze pull worker keeps in memory (0, the default: none, read every time). */
  public static final String PROFILE_CACHE = "whisperer.worker.profile-cache";

  /**
   * The profiles on Firestore; in the analyze pull worker, which is sent all of a user's events,
   * with the recent ones cached ({@value #PROFILE_CACHE}, {@link CachedFirestoreProfileStore}).
   */
  @Bean
  ProfileStore profileStore(Firestore firestore, @Value("${" + PROFILE_CACHE + ":0}") int cached) {
    return cached > 0
        ? new CachedFirestoreProfileStore(firestore, cached)
        : GcpAdapters.profileStore(firestore);
  }

  @Bean
  DecisionLog decisionLog(Firestore firestore) {
    return GcpAdapters.decisionLog(firestore);
  }

  @Bean
  ArmStatistics armStatistics(Firestore firestore) {
    return GcpAdapters.armStatistics(firestore);
  }

  @Bean
  ConsentTrail consentTrail(Firestore firestore) {
    return GcpAdapters.consentTrail(firestore);
  }

  /** What erases a user from the stores above. */
  @Bean
  PersonalDataStore firestorePersonalData(Firestore firestore) {
    return GcpAdapters.personalData(firestore);
  }

  @Bean
  ApiKeyStore apiKeyStore(Firestore firestore) {
    return GcpAdapters.apiKeyStore(firestore);
  }

  @Bean
  AppStore appStore(Firestore firestore) {
    return GcpAdapters.appStore(firestore);
  }

  @Bean
  AuditLog auditLog(Firestore firestore) {
    return GcpAdapters.auditLog(firestore);
  }

  @Bean
  Quarantine quarantine(Firestore firestore) {
    return GcpAdapters.quarantine(firestore);
  }

  @Bean
  UpliftTableStore upliftTableStore(Firestore firestore) {
    return GcpAdapters.upliftTableStore(firestore);
  }

  @Bean
  AppConfigStore appConfigStore(Firestore firestore) {
    return GcpAdapters.appConfigStore(firestore);
  }
}

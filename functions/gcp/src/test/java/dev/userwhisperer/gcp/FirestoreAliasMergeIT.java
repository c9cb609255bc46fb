package dev.userwhisperer.gcp;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The alias merge of analyze, through the Firestore profile store on the emulator. */
@ExtendWith(GcpEmulators.class)
class FirestoreAliasMergeIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private final FirestoreProfileStore profiles;
  private final Analyzer analyze;
  private final String app = "app-" + UUID.randomUUID();

  FirestoreAliasMergeIT(Firestore firestore) {
    profiles = new FirestoreProfileStore(firestore);
    analyze =
        new Analyzer(
            profiles,
            new InMemoryWarehouse(),
            new InMemoryArmStatistics(),
            new LifecycleRules(LifecycleThresholds.DEFAULTS),
            AnalyzePolicy.DEFAULTS,
            new MutableClock(T.plusSeconds(3600)));
  }

  @Test
  void anAliasMergesTheAnonymousProfileOnceAndRedirectsItsLaterEvents() {
    analyze.apply(
        batch(
            app,
            "b-anon",
            event(EventTypes.PAGE_VIEWED).anonymous("device-7").at(T).build(),
            event(EventTypes.FEATURE_USED)
                .anonymous("device-7")
                .at(T.plusSeconds(60))
                .prop("feature", "export")
                .build()));
    var alias =
        batch(
            app,
            "b-alias",
            event(EventTypes.ALIAS)
                .id("alias-1")
                .user("ada")
                .at(T.plusSeconds(120))
                .prop(EventTypes.PREVIOUS_ID, "device-7")
                .build());
    analyze.apply(alias);
    analyze.apply(alias);
    analyze.apply(
        batch(
            app,
            "b-later",
            event(EventTypes.PAGE_VIEWED).anonymous("device-7").at(T.plusSeconds(180)).build()));

    Profile ada = profiles.find(app, "ada").orElseThrow();
    assertThat(ada.activity().count(EventTypes.PAGE_VIEWED)).isEqualTo(2);
    assertThat(ada.activity().count(EventTypes.FEATURE_USED)).isEqualTo(1);
    assertThat(ada.activity().eventCount()).isEqualTo(4);
    assertThat(ada.features().featuresUsed()).containsExactly("export");
    Profile anonymous = profiles.find(app, "anon:device-7").orElseThrow();
    assertThat(anonymous.mergedInto()).isEqualTo("ada");
    assertThat(anonymous.activity().eventCount()).isZero();
  }
}

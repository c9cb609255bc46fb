package dev.userwhisperer.core.analyze;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AliasMergeTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final MutableClock clock = new MutableClock(T.plusSeconds(3600));

  private Analyzer analyzer(ProfileStore store) {
    return new Analyzer(
        store,
        warehouse,
        new InMemoryArmStatistics(),
        new LifecycleRules(LifecycleThresholds.DEFAULTS),
        AnalyzePolicy.DEFAULTS,
        clock);
  }

  private final UserEventBatch anonymousVisit =
      batch(
          "b-anon",
          event(EventTypes.PAGE_VIEWED)
              .anonymous("device-7")
              .at(T)
              .trait("locale", "fr-FR")
              .trait("consent", Map.of("email", true, "push", true))
              .build(),
          event(EventTypes.FEATURE_USED)
              .anonymous("device-7")
              .at(T.plusSeconds(60))
              .prop("feature", "export")
              .build());

  private final UserEventBatch identified =
      batch(
          "b-ada",
          event(EventTypes.IDENTIFY)
              .user("ada")
              .at(T.plusSeconds(120))
              .trait("email", "ada@example.com")
              .trait("locale", "en-GB")
              .trait("consent", Map.of("email", false))
              .build(),
          event(EventTypes.FEATURE_USED)
              .user("ada")
              .at(T.plusSeconds(180))
              .prop("feature", "share")
              .build());

  private final UserEventBatch alias =
      batch(
          "b-alias",
          event(EventTypes.ALIAS)
              .id("alias-1")
              .user("ada")
              .at(T.plusSeconds(240))
              .prop(EventTypes.PREVIOUS_ID, "device-7")
              .build());

  @Test
  void aliasFoldsTheAnonymousProfileIntoTheIdentifiedOne() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(anonymousVisit);
    analyze.apply(identified);
    assertThat(profiles.scheduled())
        .extracting(ScheduledTask::id)
        .contains("inactive:app1:anon:device-7");

    analyze.apply(alias);

    Profile ada = profiles.find("app1", "ada").orElseThrow();
    assertThat(ada.activity().eventCount()).isEqualTo(5);
    assertThat(ada.activity().count(EventTypes.FEATURE_USED)).isEqualTo(2);
    assertThat(ada.activity().count(EventTypes.PAGE_VIEWED)).isEqualTo(1);
    assertThat(ada.activity().firstSeen()).isEqualTo(T);
    assertThat(ada.features().featuresUsed()).containsExactly("export", "share");
    assertThat(ada.traits()).containsEntry("locale", "en-GB");
    assertThat(ada.reachability().email()).isEqualTo("ada@example.com");
    assertThat(ada.reachability().consent())
        .as("the stricter statement per channel; a channel only one side stated keeps it")
        .containsEntry(Channel.EMAIL, false)
        .containsEntry(Channel.PUSH, true);
    assertThat(ada.features().dayEvents()[0])
        .as("activity events of the day, both sides")
        .isEqualTo(3);

    Profile anonymous = profiles.find("app1", "anon:device-7").orElseThrow();
    assertThat(anonymous.mergedInto()).isEqualTo("ada");
    assertThat(anonymous.activity().eventCount()).isZero();
    assertThat(anonymous.traits()).isEmpty();
    assertThat(profiles.scheduled())
        .extracting(ScheduledTask::id)
        .noneMatch(id -> id.endsWith(":anon:device-7"));
  }

  @Test
  void laterAnonymousEventsGoToTheIdentifiedProfile() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(anonymousVisit);
    analyze.apply(alias);

    analyze.apply(
        batch(
            "b-later",
            event(EventTypes.PAGE_VIEWED).anonymous("device-7").at(T.plusSeconds(300)).build()));

    assertThat(profiles.find("app1", "ada").orElseThrow().activity().count(EventTypes.PAGE_VIEWED))
        .isEqualTo(2);
    assertThat(profiles.find("app1", "anon:device-7").orElseThrow().activity().eventCount())
        .isZero();
    assertThat(warehouse.rows(Table.EVENTS))
        .filteredOn(row -> "ada".equals(row.get("user_id")))
        .hasSize(2);
  }

  @Test
  void redeliveredAliasAndAnonymousBatchesCountOnce() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(anonymousVisit);
    analyze.apply(identified);
    analyze.apply(alias);
    Profile merged = profiles.find("app1", "ada").orElseThrow();

    analyze.apply(alias);
    analyze.apply(anonymousVisit);

    assertThat(profiles.find("app1", "ada")).contains(merged);
  }

  @Test
  void aCrashBetweenMarkingAndFoldingStillMergesOnceOnRedelivery() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(anonymousVisit);
    analyze.apply(identified);
    AtomicBoolean crashed = new AtomicBoolean();
    ProfileStore crashingOnAda =
        new ProfileStore() {
          @Override
          public Optional<Profile> find(String appId, String userId) {
            return profiles.find(appId, userId);
          }

          @Override
          public List<String> mergedInto(String appId, String userId) {
            return profiles.mergedInto(appId, userId);
          }

          @Override
          public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
            if (userId.equals("ada") && crashed.compareAndSet(false, true)) {
              throw new IllegalStateException("the process died");
            }
            return profiles.update(appId, userId, change);
          }

          @Override
          public List<Profile> due(int shard, Instant now, int limit) {
            return profiles.due(shard, now, limit);
          }
        };
    assertThatThrownBy(() -> analyzer(crashingOnAda).apply(alias)).hasMessage("the process died");
    assertThat(profiles.find("app1", "anon:device-7").orElseThrow().mergedInto()).isEqualTo("ada");

    analyze.apply(alias);
    analyze.apply(alias);

    Profile ada = profiles.find("app1", "ada").orElseThrow();
    assertThat(ada.activity().eventCount()).isEqualTo(5);
    assertThat(ada.activity().count(EventTypes.FEATURE_USED)).isEqualTo(2);
  }

  @Test
  void aSecondAliasOfTheSameAnonymousIdToAnotherUserChangesNothing() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(anonymousVisit);
    analyze.apply(alias);

    analyze.apply(
        batch(
            "b-alias-bob",
            event(EventTypes.ALIAS)
                .user("bob")
                .at(T.plusSeconds(400))
                .prop(EventTypes.PREVIOUS_ID, "device-7")
                .build()));

    assertThat(profiles.find("app1", "bob").orElseThrow().activity().eventCount()).isEqualTo(1);
    assertThat(profiles.find("app1", "anon:device-7").orElseThrow().mergedInto()).isEqualTo("ada");
  }

  @Test
  void anAliasToAUserIdSpelledLikeAnAnonymousKeyMergesNothing() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(anonymousVisit);

    analyze.apply(
        batch(
            "b-alias-odd",
            event(EventTypes.ALIAS)
                .user("anon:device-8")
                .at(T.plusSeconds(400))
                .prop(EventTypes.PREVIOUS_ID, "device-7")
                .build()));

    Profile anonymous = profiles.find("app1", "anon:device-7").orElseThrow();
    assertThat(anonymous.mergedInto()).isNull();
    assertThat(anonymous.activity().eventCount()).isEqualTo(2);
  }
}

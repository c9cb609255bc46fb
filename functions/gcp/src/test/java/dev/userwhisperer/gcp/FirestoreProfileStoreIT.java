package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.profile.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreProfileStoreIT {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456789Z");

  private final Firestore firestore;
  private final FirestoreProfileStore store;

  FirestoreProfileStoreIT(Firestore firestore) {
    this.firestore = firestore;
    store = new FirestoreProfileStore(firestore);
  }

  @Test
  void unknownUserHasNoProfileAndTheFirstUpdateStartsFromEmpty() {
    assertThat(store.find("app-1", "user-1")).isEmpty();

    Profile written =
        store.update(
            "app-1",
            "user-1",
            p -> {
              assertThat(p).isEqualTo(Profile.empty("app-1", "user-1"));
              return withEvents(p, 1);
            });

    assertThat(store.find("app-1", "user-1")).contains(written);
  }

  @Test
  void theSweepFindsDueProfilesOfAShardAcrossAppsEarliestFirstAndNotOnceNothingIsDue() {
    int shard = ProfileStore.sweepShard("app-due-1", "u-a");
    String other =
        IntStream.range(0, 100_000)
            .mapToObj(i -> "u-" + i)
            .filter(u -> ProfileStore.sweepShard("app-due-2", u) == shard)
            .findFirst()
            .orElseThrow();
    schedule("app-due-1", "u-a", T0.plusSeconds(60));
    schedule("app-due-2", other, T0.plusSeconds(30));

    assertThat(store.due(shard, T0.plusSeconds(59), 10))
        .extracting(Profile::userId)
        .containsExactly(other);
    assertThat(store.due(shard, T0.plusSeconds(60), 10))
        .extracting(Profile::appId, Profile::userId)
        .containsExactly(tuple("app-due-2", other), tuple("app-due-1", "u-a"));
    assertThat(store.due(shard, T0.plusSeconds(60), 1)).hasSize(1);

    store.update("app-due-2", other, p -> p.withSchedule(Schedule.NONE));

    assertThat(store.due(shard, T0.plusSeconds(60), 10))
        .extracting(Profile::userId)
        .containsExactly("u-a");
  }

  private void schedule(String app, String user, Instant dueAt) {
    ScheduledTask task =
        new ScheduledTask(
            Ids.task(TaskKind.INACTIVITY_CHECK, app, user),
            app,
            user,
            TaskKind.INACTIVITY_CHECK,
            dueAt,
            Map.of());
    store.update(app, user, p -> withEvents(p, 1).withSchedule(Schedule.NONE.with(task)));
  }

  @Test
  void everyPartOfTheProfileRoundTripsExactly() throws Exception {
    Profile rich =
        new Profile(
            "app-1",
            "user/with/slashes",
            Map.of("email", "ada@example.com", "locale", "fr", "plan", "pro"),
            new Reachability(
                "ada@example.com",
                "+33600000000",
                null,
                Map.of(Channel.EMAIL, true, Channel.SMS, false),
                Set.of(Channel.PUSH)),
            new Activity(
                T0,
                T0.plusSeconds(60),
                T0.plusSeconds(30),
                7,
                2,
                Map.of("user_login", 3L, "custom.type/with:odd keys", 4L)),
            new Billing(BillingStatus.TRIALING, "pro", T0, T0.plusSeconds(86_400 * 14), 1),
            LifecycleStage.ONBOARDING,
            null,
            null,
            null,
            new Responsiveness(
                    Map.of("email", new ArmCounts(3, 1), Arms.hour(40), ArmCounts.FAILURE),
                    List.of(),
                    2)
                .withPending(new PendingSend("m-3", Channel.PUSH, 13, T0)),
            List.of("m-1", "m-2"),
            T0.plusSeconds(60));

    store.update("app-1", "user/with/slashes", p -> rich);

    assertThat(store.find("app-1", "user/with/slashes")).contains(rich);
    DocumentSnapshot document =
        firestore.document("apps/app-1/users/user%2Fwith%2Fslashes").get().get();
    assertThat(document.getString(FirestoreProfileStore.LIFECYCLE)).isEqualTo("ONBOARDING");
    assertThat(document.getTimestamp(FirestoreProfileStore.LAST_ACTIVE_AT).getSeconds())
        .isEqualTo(T0.plusSeconds(30).getEpochSecond());
  }

  @Test
  void unchangedProfileIsNotWrittenAgain() throws Exception {
    store.update("app-1", "user-1", p -> withEvents(p, 1));
    var firstWrite = firestore.document("apps/app-1/users/user-1").get().get().getUpdateTime();

    store.update("app-1", "user-1", p -> p);

    assertThat(firestore.document("apps/app-1/users/user-1").get().get().getUpdateTime())
        .isEqualTo(firstWrite);
  }

  @Test
  void changeThatThrowsWritesNothingAndPropagates() {
    assertThatThrownBy(
            () ->
                store.update(
                    "app-1",
                    "user-1",
                    p -> {
                      throw new IllegalStateException("rule broke");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rule broke");

    assertThat(store.find("app-1", "user-1")).isEmpty();
  }

  @Test
  void concurrentUpdatesOfOneProfileLoseNoIncrement() throws Exception {
    int threads = 3;
    int updatesPerThread = 4;
    AtomicInteger applications = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < updatesPerThread; i++) {
                    store.update(
                        "app-1",
                        "user-1",
                        p -> {
                          applications.incrementAndGet();
                          return withEvents(p, p.activity().eventCount() + 1);
                        });
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(store.find("app-1", "user-1").orElseThrow().activity().eventCount())
        .isEqualTo(threads * updatesPerThread);
    assertThat(applications.get()).isGreaterThanOrEqualTo(threads * updatesPerThread);
  }

  static Profile withEvents(Profile p, long eventCount) {
    Activity a = p.activity();
    return new Profile(
        p.appId(),
        p.userId(),
        p.traits(),
        p.reachability(),
        new Activity(T0, T0, T0, eventCount, a.sessionCount(), a.countsByType()),
        p.billing(),
        p.lifecycle(),
        p.features(),
        p.insights(),
        p.churn(),
        p.responsiveness(),
        p.recentMessageIds(),
        T0);
  }
}

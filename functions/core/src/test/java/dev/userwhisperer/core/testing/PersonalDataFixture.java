package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.PersonalDataStore.ErasureScope;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user's data in every store an erasure reaches, and a neighbour's that it must leave, for the
 * erasure tests of each backend.
 */
public final class PersonalDataFixture {
  public static final String APP = "app-1";
  public static final String USER = "u-erase";
  public static final String NEIGHBOUR = "u-keep";
  public static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");

  private PersonalDataFixture() {}

  /**
   * Writes {@code userId}'s profile (with a scheduled task), decision, consent record, dedup claim,
   * quarantine.
   */
  public static void fill(
      String userId,
      ProfileStore profiles,
      DecisionLog decisions,
      ConsentTrail trail,
      IngestDedup dedup,
      Quarantine quarantine) {
    profiles.update(
        APP,
        userId,
        p ->
            new Profile(
                APP,
                userId,
                Map.of("email", userId + "@example.com"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("ev-" + userId),
                T0,
                null,
                Schedule.NONE.with(
                    new ScheduledTask(
                        Ids.task(TaskKind.INACTIVITY_CHECK, APP, userId),
                        APP,
                        userId,
                        TaskKind.INACTIVITY_CHECK,
                        T0.plusSeconds(3600),
                        Map.of()))));
    decisions.record(decision(userId));
    trail.append(
        List.of(
            ConsentTrailContract.record(
                userId, "ev-" + userId, Channel.EMAIL, true, ConsentSource.IDENTIFY, T0)));
    IngestDedup.Claim claim = dedup.claim(APP, List.of("ev-" + userId), T0);
    dedup.confirm(APP, claim.claimed(), T0);
    quarantine.put(
        List.of(
            new QuarantinedEvent(
                "q-" + userId,
                APP,
                "bad-" + userId,
                T0,
                "{\"messageId\":\"bad-" + userId + "\",\"userId\":\"" + userId + "\",\"type\":1}",
                List.of())));
  }

  public static Decision decision(String userId) {
    return Decisions.decision("d-" + userId)
        .app(APP)
        .user(userId)
        .signal("s-" + userId, "SIGNED_UP")
        .reason(DecisionReason.ELIGIBLE)
        .build();
  }

  /** The scope {@code UserErasure} would ask the stores to erase for the user. */
  public static ErasureScope scope(String userId) {
    return new ErasureScope(
        "er_test",
        T0.plusSeconds(7200),
        APP,
        userId,
        Set.of(Ids.outboundOf(decision(userId))),
        Set.of("ev-" + userId));
  }
}

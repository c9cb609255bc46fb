package dev.userwhisperer.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.analyze.ProfileUpdater;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import dev.userwhisperer.core.port.PersonalDataStore.ErasureScope;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.profile.ContactData;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryConsentTrail;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserErasureTest {
  private static final Instant NOW = Instant.parse("2026-02-01T09:00:00Z");

  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog decisions = new InMemoryDecisionLog();
  private final InMemoryConsentTrail trail = new InMemoryConsentTrail();
  private final List<ErasureScope> asked = new ArrayList<>();
  private final PersonalDataStore profileEraser =
      scope -> {
        asked.add(scope);
        boolean held = profiles.find(scope.appId(), scope.userId()).isPresent();
        profiles.remove(scope.appId(), scope.userId());
        return List.of(new Erased("memory.profiles", held ? 1 : 0));
      };
  private final UserErasure erasure =
      new UserErasure(
          profiles, decisions, trail, List.of(profileEraser, trail), new MutableClock(NOW));

  @Test
  void theStoresAreAskedWithEveryIdTheUsersRecordsAreFoundBy() {
    Profile ada = Profiles.user("u1").email("ada@example.com").build();
    profiles.put(
        new Profile(
            ada.appId(),
            ada.userId(),
            ada.traits(),
            ada.reachability(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of("m-1", "m-2"),
            null));
    decisions.record(Decisions.decision("d-send").reason(DecisionReason.ELIGIBLE).build());
    decisions.record(
        Decisions.decision("d-later")
            .signal("s2", "SIGNED_UP")
            .reason(DecisionReason.QUIET_HOURS)
            .sendAt(NOW.plusSeconds(3600))
            .build());
    decisions.record(Decisions.decision("d-other").user("u2").build());

    erasure.erase("app1", "u1");

    ErasureScope scope = asked.get(0);
    assertThat(scope.outboundIds())
        .containsExactlyInAnyOrder(Ids.outbound("d-send"), Ids.outbound(Ids.released("d-later")));
    assertThat(scope.eventMessageIds()).containsExactlyInAnyOrder("m-1", "m-2");
  }

  @Test
  void theReceiptCountsWhatEachStoreRemovedAndARepeatRemovesNothing() {
    profiles.put(Profiles.user("u1").email("ada@example.com").build());
    trail.append(
        List.of(
            new ConsentRecord(
                "e-1#email",
                "app1",
                "u1",
                Channel.EMAIL,
                true,
                ConsentSource.IDENTIFY,
                "consent",
                NOW,
                "e-1")));

    ErasureReceipt first = erasure.erase("app1", "u1");
    ErasureReceipt again = erasure.erase("app1", "u1");

    assertThat(first.erased())
        .containsExactly(new Erased("memory.profiles", 1), new Erased("memory.consent_trail", 1));
    assertThat(first.total()).isEqualTo(2);
    assertThat(first.erasedAt()).isEqualTo(NOW);
    assertThat(first.erasureId()).startsWith("er_");
    assertThat(again.total()).isZero();
    assertThat(profiles.find("app1", "u1")).isEmpty();
    assertThat(trail.list("app1", "u1")).isEmpty();
  }

  @Test
  void theProfilesAnAliasMergedIntoTheUserAreErasedWithItAlongTheChain() {
    profiles.put(Profiles.user("ada").email("ada@example.com").build());
    profiles.update("app1", "anon:phone", p -> p.markedMergedInto("ada"));
    profiles.update("app1", "anon:tablet", p -> p.markedMergedInto("anon:phone"));
    profiles.update("app1", "anon:other", p -> p.markedMergedInto("bob"));
    decisions.record(Decisions.decision("d-phone").user("anon:phone").build());
    trail.append(
        List.of(
            new ConsentRecord(
                "e-t#push",
                "app1",
                "anon:tablet",
                Channel.PUSH,
                true,
                ConsentSource.IDENTIFY,
                "consent",
                NOW,
                "e-t")));

    ErasureReceipt receipt = erasure.erase("app1", "ada");

    assertThat(asked)
        .extracting(ErasureScope::userId)
        .containsExactly("ada", "anon:phone", "anon:tablet");
    assertThat(asked.get(1).outboundIds()).containsExactly(Ids.outbound("d-phone"));
    assertThat(asked).extracting(ErasureScope::erasureId).containsOnly(receipt.erasureId());
    assertThat(receipt.mergedIds()).containsExactly("anon:phone", "anon:tablet");
    assertThat(receipt.erased())
        .containsExactly(new Erased("memory.profiles", 3), new Erased("memory.consent_trail", 1));
    assertThat(receipt.total()).isEqualTo(4);
    assertThat(profiles.find("app1", "anon:other")).isPresent();
    assertThat(erasure.erase("app1", "ada").total()).isZero();
  }

  @Test
  void anOptOutOutlivesTheUserAsAPseudonymAndIsHonouredForAFreshProfile() {
    profiles.put(
        Profiles.user("u1")
            .email("Ada@Example.com")
            .phone("+15550100")
            .consent(Channel.SMS, true)
            .unsubscribed(Channel.EMAIL)
            .build());

    ErasureReceipt receipt = erasure.erase("app1", "u1");

    assertThat(receipt.suppressionsKept()).containsExactly("email");
    assertThat(trail.suppressed("app1", Channel.EMAIL, ContactData.pseudonym("ada@example.com")))
        .isTrue();
    assertThat(trail.suppressed("app1", Channel.SMS, ContactData.pseudonym("+15550100"))).isFalse();

    UserEventBatch comesBack =
        new Suppressions(trail)
            .apply(
                TestEvents.batch(
                    "b1",
                    TestEvents.event(EventTypes.IDENTIFY)
                        .id("m-new")
                        .user("u1")
                        .trait("email", "ada@example.com")
                        .trait("consent", Map.of("email", true))
                        .build()));
    Profile fresh =
        new ProfileUpdater(new LifecycleRules(LifecycleThresholds.DEFAULTS))
            .apply(Profile.empty("app1", "u1"), comesBack.events())
            .profile();

    assertThat(comesBack.events())
        .extracting(e -> e.type())
        .containsExactly(EventTypes.IDENTIFY, EventTypes.CONTACT_SUPPRESSED);
    assertThat(fresh.reachability().unsubscribed()).containsExactly(Channel.EMAIL);
    assertThat(ConsentRecorder.statements(comesBack))
        .extracting(ConsentRecord::granted, ConsentRecord::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(true, ConsentSource.IDENTIFY),
            org.assertj.core.groups.Tuple.tuple(false, ConsentSource.SUPPRESSION_LIST));
  }
}

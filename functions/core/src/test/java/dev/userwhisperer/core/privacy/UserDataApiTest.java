package dev.userwhisperer.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.privacy.UserDataApi.UserExport;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryApiKeyStore;
import dev.userwhisperer.core.testing.InMemoryConsentTrail;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserDataApiTest {
  private static final Instant NOW = Instant.parse("2026-02-01T09:00:00Z");
  private static final String KEY = "Bearer uw_reader";

  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog decisions = new InMemoryDecisionLog();
  private final InMemoryConsentTrail trail = new InMemoryConsentTrail();
  private final UserDataApi api = api();

  private UserDataApi api() {
    InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    keys.save(
        new ApiKey(ApiKeys.hash("uw_reader"), "app1", Set.of(ApiKey.PROFILES_READ), NOW, null));
    MutableClock clock = new MutableClock(NOW);
    return new UserDataApi(
        new ApiKeyAuthenticator(keys, clock),
        profiles,
        decisions,
        trail,
        (app, user, limit) -> user.equals("nobody") ? List.of() : List.of("message to " + user),
        new UserErasure(profiles, decisions, trail, List.of(), clock));
  }

  @Test
  void theExportHoldsWhatWasRecordedUnderTheAnonymousIdsAnAliasMergedIntoTheUser() {
    profiles.put(Profiles.user("ada").email("ada@example.com").build());
    profiles.update("app1", "anon:phone", p -> p.markedMergedInto("ada"));
    profiles.update("app1", "anon:other", p -> p.markedMergedInto("bob"));
    decisions.record(Decisions.decision("d-ada").user("ada").at(NOW).build());
    decisions.record(
        Decisions.decision("d-phone").user("anon:phone").at(NOW.minusSeconds(60)).build());
    decisions.record(Decisions.decision("d-other").user("anon:other").build());
    trail.append(
        List.of(
            new ConsentRecord(
                "e-p#push",
                "app1",
                "anon:phone",
                Channel.PUSH,
                true,
                ConsentSource.IDENTIFY,
                "consent",
                NOW.minusSeconds(90),
                "e-p")));

    var response = api.export(KEY, "ada");

    assertThat(response.status()).isEqualTo(200);
    UserExport export = (UserExport) response.body();
    assertThat(export.mergedIds()).containsExactly("anon:phone");
    assertThat(export.profile().userId()).isEqualTo("ada");
    assertThat(export.decisions())
        .extracting(Decision::decisionId)
        .containsExactly("d-ada", "d-phone");
    assertThat(List.<Object>copyOf(export.messages()))
        .containsExactly("message to ada", "message to anon:phone");
    assertThat(export.consentTrail())
        .extracting(ConsentRecord::userId)
        .containsExactly("anon:phone");
  }

  @Test
  void aUserWithNothingMergedExportsOnlyTheirOwnRecords() {
    profiles.put(Profiles.user("bob").build());

    UserExport export = (UserExport) api.export(KEY, "bob").body();

    assertThat(export.mergedIds()).isEmpty();
    assertThat(List.<Object>copyOf(export.messages())).containsExactly("message to bob");
    assertThat(api.export(KEY, "nobody").status()).isEqualTo(404);
  }
}

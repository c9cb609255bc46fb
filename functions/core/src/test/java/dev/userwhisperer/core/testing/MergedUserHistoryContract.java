package dev.userwhisperer.core.testing;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.privacy.MergedUserHistory;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an anonymous visitor's history becomes once an {@code alias} identifies them, on a backend's
 * adapters: the decisions, messages and consent recorded under {@code anon:<id>} are read as the
 * identified user's too. A subclass supplies the stores.
 */
public abstract class MergedUserHistoryContract {
  /** An app of its own per test, as the emulators keep data between tests. */
  protected final String app = "app-" + UUID.randomUUID();

  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  protected abstract ProfileStore profiles();

  protected abstract DecisionLog decisions();

  protected abstract ConsentTrail consent();

  protected abstract MessageHistory messages();

  /** Records {@code message} as handed to its channel at {@code at}, as the deliver stage does. */
  protected abstract void sent(OutboundMessage message, Instant at);

  private MergedUserHistory history() {
    return new MergedUserHistory(profiles(), decisions(), messages(), consent());
  }

  private Analyzer analyze() {
    return new Analyzer(
        profiles(),
        new InMemoryWarehouse(),
        new InMemoryArmStatistics(),
        new LifecycleRules(LifecycleThresholds.DEFAULTS),
        AnalyzePolicy.DEFAULTS,
        new MutableClock(T.plusSeconds(3600)));
  }

  /** device-7 browses, gets an e-mail and opts in to SMS, then signs up as ada. */
  private Decision anonymousVisitThenAlias() {
    analyze()
        .apply(
            batch(
                app, "b-anon", event(EventTypes.PAGE_VIEWED).anonymous("device-7").at(T).build()));
    Decision anonymous =
        Decisions.decision("d-anon").app(app).user("anon:device-7").at(T.plusSeconds(10)).build();
    decisions().record(anonymous);
    sent(OutboundMessages.emailOf(anonymous, "Before you sign up"), T.plusSeconds(11));
    consent()
        .append(
            List.of(
                new ConsentRecord(
                    ConsentRecord.idOf("e-anon", Channel.SMS),
                    app,
                    "anon:device-7",
                    Channel.SMS,
                    true,
                    ConsentSource.IDENTIFY,
                    "consent",
                    T.plusSeconds(20),
                    "e-anon")));
    analyze()
        .apply(
            batch(
                app,
                "b-alias",
                event(EventTypes.ALIAS)
                    .id("alias-1")
                    .user("ada")
                    .at(T.plusSeconds(60))
                    .prop(EventTypes.PREVIOUS_ID, "device-7")
                    .build()));
    return anonymous;
  }

  @Test
  void afterAnAliasTheUsersHistoryHoldsTheAnonymousIdsDecisionsMessagesAndConsent() {
    Decision anonymous = anonymousVisitThenAlias();
    Decision identified =
        Decisions.decision("d-ada").app(app).user("ada").at(T.plusSeconds(120)).build();
    decisions().record(identified);
    sent(OutboundMessages.emailOf(identified, "Welcome, Ada"), T.plusSeconds(121));

    MergedUserHistory history = history();

    assertThat(profiles().mergedInto(app, "ada")).containsExactly("anon:device-7");
    assertThat(history.ids(app, "ada")).containsExactly("ada", "anon:device-7");
    assertThat(history.decisions(app, "ada", 10))
        .extracting(Decision::decisionId)
        .containsExactly("d-ada", "d-anon");
    assertThat(history.decisions(app, "ada", 1))
        .extracting(Decision::decisionId)
        .containsExactly("d-ada");
    assertThat(history.messages(app, "ada", 10))
        .extracting(e -> e.message().subject())
        .containsExactly("Welcome, Ada", "Before you sign up");
    assertThat(history.consent(app, "ada"))
        .extracting(ConsentRecord::userId, ConsentRecord::channel)
        .containsExactly(tuple("anon:device-7", Channel.SMS));
    assertThat(history.decisions(app, "anon:device-7", 10)).containsExactly(anonymous);
  }

  @Test
  void withoutAnAliasAUserHasOnlyTheirOwnHistory() {
    anonymousVisitThenAlias();

    assertThat(profiles().mergedInto(app, "bob")).isEmpty();
    assertThat(history().ids(app, "bob")).containsExactly("bob");
    assertThat(history().decisions(app, "bob", 10)).isEmpty();
  }
}

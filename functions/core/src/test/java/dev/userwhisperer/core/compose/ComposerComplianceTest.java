package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.compose.compliance.ComplianceGate;
import dev.userwhisperer.core.compose.compliance.LanguageDetector;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compliance gate in compose: an LLM draft gets a second chance, then the template; a failing
 * template blocks.
 */
class ComposerComplianceTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final ScriptedWriter llm = new ScriptedWriter();

  /** Answers the push bodies it was given, in order. */
  private static final class ScriptedWriter implements ContentWriter {
    final Deque<String> bodies = new ArrayDeque<>();
    int calls;

    @Override
    public Written write(ContentRequest request) {
      calls++;
      return new Written(
          new Draft(null, null, "Tempo", bodies.removeFirst(), null), "llm", 100, 20);
    }
  }

  private Composer composer(ContentWriter writer) {
    return new Composer(
        new Composer.Stores(profiles, configs, warehouse),
        new CopyWriter(writer, Composers.templates(), 100),
        Composers.templates(),
        new ComplianceGate(LanguageDetector.NONE),
        new ComposeSettings("https://uw.example.com", TestLinkTokens.tokens()),
        new MutableClock(T));
  }

  private List<OutboundMessage> winback(Composer composer) {
    return composer.apply(
        Decisions.decision("d1").intervention("winback").channel(Channel.PUSH).at(T).build());
  }

  @BeforeEach
  void user() {
    configs.save(TestEvents.APP, AppConfigs.demo(), T);
    profiles.put(
        Profiles.user("u1").pushToken("tok").email("ana@example.com").firstName("Ana").build());
  }

  @Test
  void aDraftThatBreaksARuleIsWrittenAgainAndTheSecondDraftIsUsed() {
    llm.bodies.add("Your results are guaranteed, {{firstName}}.");
    llm.bodies.add("{{firstName}}, your week is one tap away.");

    OutboundMessage m = winback(composer(llm)).get(0);

    assertThat(llm.calls).isEqualTo(2);
    assertThat(m.body()).isEqualTo("Ana, your week is one tap away.");
    assertThat(m.provenance()).isEqualTo(new Provenance(1, "llm", null, false, 100, 20));
  }

  @Test
  void twoDraftsThatBreakRulesGiveWayToTheTemplateWithTheRule() {
    llm.bodies.add("Your results are guaranteed, {{firstName}}.");
    llm.bodies.add("Write to ana@example.com, {{firstName}}.");

    OutboundMessage m = winback(composer(llm)).get(0);

    assertThat(llm.calls).isEqualTo(2);
    assertThat(m.provenance().writer()).isEqualTo("template");
    assertThat(m.provenance().fallbackReason()).isEqualTo("compliance:personal_data");
    assertThat(m.title()).isEqualTo("It has been a while");
  }

  @Test
  void aTemplateThatBreaksARuleBlocksTheMessageAndTheWarehouseNamesTheRule() {
    configs.save(TestEvents.APP, AppConfigs.demoWith("bannedPhrases", List.of("still there")), T);

    List<OutboundMessage> out = winback(composer(Composers.templates()));

    assertThat(out).isEmpty();
    assertThat(warehouse.rows(Table.MESSAGES))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("compliance_block", "banned_phrase")
                    .containsEntry("config_version", 2L));
  }

  @Test
  void marketingEmailCarriesTheOneClickUnsubscribeHeaders() {
    OutboundMessage m =
        composer(Composers.templates())
            .apply(
                Decisions.decision("d1")
                    .intervention("winback")
                    .channel(Channel.EMAIL)
                    .at(T)
                    .build())
            .get(0);
    OutboundMessage payment =
        composer(Composers.templates())
            .apply(
                Decisions.decision("d2")
                    .intervention("payment_failed")
                    .channel(Channel.EMAIL)
                    .at(T)
                    .build())
            .get(0);

    assertThat(m.headers())
        .containsEntry(
            "List-Unsubscribe",
            "<https://uw.example.com/v1/l/"
                + TestLinkTokens.tokens().issue(m.outboundId())
                + "/unsubscribe>")
        .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    assertThat(payment.headers()).isEmpty();
  }
}

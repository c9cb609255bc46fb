package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComposerTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final Composer composer =
      new Composer(
          profiles,
          warehouse,
          Templates.fromClasspath(),
          new ComposeSettings("https://uw.example.com/", TestLinkTokens.tokens()),
          new MutableClock(T));

  private static Decision send(String intervention, Channel channel) {
    return Decisions.decision("d1").intervention(intervention).channel(channel).at(T).build();
  }

  private OutboundMessage compose(Decision d) {
    List<OutboundMessage> out = composer.apply(d);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  @Test
  void emailHasSubjectGreetingAndUnsubscribeFooter() {
    profiles.put(Profiles.user("u1").email("ana@example.com").firstName("Ana").build());

    OutboundMessage m = compose(send("welcome", Channel.EMAIL));

    assertThat(m.to()).isEqualTo("ana@example.com");
    assertThat(m.subject()).isEqualTo("Welcome aboard, Ana!");
    assertThat(m.body())
        .startsWith("Hi Ana,")
        .endsWith(
            "https://uw.example.com/v1/l/"
                + TestLinkTokens.tokens().issue(m.outboundId())
                + "/unsubscribe");
    assertThat(m.body()).doesNotContain("/" + m.outboundId() + "/");
    assertThat(m.locale()).isEqualTo("en");
    assertThat(m.outboundId()).isEqualTo(Ids.outbound("d1"));
    assertThat(warehouse.rows(Table.MESSAGES))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("outbound_id", m.outboundId()));
  }

  @Test
  void aRegionalLocaleFallsBackToItsLanguageAndAnUnknownOneToEnglish() {
    profiles.put(Profiles.user("u1").email("a@b.c").locale("es-MX").build());
    OutboundMessage spanish = compose(send("winback", Channel.EMAIL));
    assertThat(spanish.locale()).isEqualTo("es");
    assertThat(spanish.subject()).isEqualTo("Te echamos de menos, amigo");
    assertThat(spanish.body()).contains("Darte de baja: https://uw.example.com/v1/l/t1.");

    profiles.put(Profiles.user("u1").email("a@b.c").locale("fr-FR").build());
    OutboundMessage english = compose(send("winback", Channel.EMAIL));
    assertThat(english.locale()).isEqualTo("en");
    assertThat(english.subject()).isEqualTo("We miss you, there");
  }

  @Test
  void smsEndsWithTheStopNotice() {
    profiles.put(Profiles.user("u1").phone("+15550000000").firstName("Bo").build());
    OutboundMessage m = compose(send("payment_failed", Channel.SMS));
    assertThat(m.to()).isEqualTo("+15550000000");
    assertThat(m.subject()).isNull();
    assertThat(m.body()).startsWith("Hi Bo,").endsWith("Reply STOP to opt out");
  }

  @Test
  void pushIsShortEvenWithALongName() {
    profiles.put(Profiles.user("u1").pushToken("tok").firstName("X".repeat(200)).build());
    OutboundMessage m = compose(send("welcome", Channel.PUSH));
    assertThat(m.body()).hasSizeLessThanOrEqualTo(Composer.PUSH_MAX_CHARS);
    assertThat(m.to()).isEqualTo("tok");
  }

  @Test
  void everyInterventionHasATemplateForEachOfItsChannelsInEnglishAndSpanish() {
    Templates templates = Templates.fromClasspath();
    for (var intervention : dev.userwhisperer.core.decide.InterventionCatalog.ALL) {
      for (Channel channel : intervention.channels()) {
        for (String locale : List.of("en", "es")) {
          assertThat(templates.find(intervention.name(), channel, locale))
              .as("%s %s %s", intervention.name(), channel, locale)
              .hasValueSatisfying(t -> assertThat(t.locale()).isEqualTo(locale));
        }
      }
    }
  }

  @Test
  void onlySendDecisionsAreComposed() {
    profiles.put(Profiles.user("u1").email("a@b.c").build());
    Decision deferred =
        Decisions.decision("d1")
            .reason(DecisionReason.QUIET_HOURS)
            .at(T)
            .sendAt(T.plusSeconds(3600))
            .build();
    assertThat(composer.apply(deferred)).isEmpty();
    assertThat(warehouse.rows(Table.MESSAGES)).isEmpty();
  }

  @Test
  void aUserWhoseAddressIsGoneGetsNothing() {
    profiles.put(Profiles.user("u1").build());
    assertThat(composer.apply(send("welcome", Channel.EMAIL))).isEmpty();
  }
}

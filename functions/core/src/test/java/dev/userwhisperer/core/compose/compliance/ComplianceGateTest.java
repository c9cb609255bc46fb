package dev.userwhisperer.core.compose.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.compose.compliance.ComplianceGate.Message;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.testing.AppConfigs;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule in each channel: a message that passes, and the one change that breaks the rule. */
class ComplianceGateTest {
  private static final AppConfigRevision APP =
      new AppConfigRevision("a1", 3, AppConfigs.demo(), Instant.parse("2026-01-01T00:00:00Z"));
  private static final String LINKS = "https://uw.example.com/v1/l/t1.bTE.c2lnbmVk";
  private static final String UNSUBSCRIBE = LINKS + "/unsubscribe";

  /** A tracked click link as the HTML layout escapes it. */
  private static final String CLICK = LINKS + "/click?u&#x3D;https%3A%2F%2Ftempo.example.com%2Fapp";

  private static final String ADDRESS = "548 Market St, San Francisco, CA 94104, USA";
  private static final Map<String, String> PERSONAL =
      Map.of(
          "email",
          "ana.silva@example.com",
          "phone",
          "+15551234567",
          "userId",
          "user-8431",
          "lastName",
          "Silva");

  /** Tells the language from a marker word, so that the rule is tested without a real detector. */
  private static final LanguageDetector MARKERS =
      (text, candidates) ->
          text.contains("Hola")
              ? Optional.of("es")
              : text.contains("Hi") ? Optional.of("en") : Optional.empty();

  private final ComplianceGate gate = new ComplianceGate(MARKERS);

  static Message valid(Channel channel) {
    return switch (channel) {
      case EMAIL ->
          new Message(
              APP,
              channel,
              true,
              "Hi Ana, your week",
              null,
              "Hi Ana,\n\nyour plan waits.\n\nOpen: https://tempo.example.com/app\n\n--\nUnsubscribe: "
                  + UNSUBSCRIBE
                  + "\n"
                  + ADDRESS,
              "<p>Hi Ana,</p><a href=\""
                  + CLICK
                  + "\">Open</a><a href=\""
                  + UNSUBSCRIBE
                  + "\">Unsubscribe</a><img src=\""
                  + LINKS
                  + "/open\">",
              "Hi, your week\nYour plan waits.",
              Map.of(
                  ComplianceGate.LIST_UNSUBSCRIBE,
                  "<" + UNSUBSCRIBE + ">",
                  ComplianceGate.LIST_UNSUBSCRIBE_POST,
                  ComplianceGate.ONE_CLICK),
              UNSUBSCRIBE,
              "uw.example.com",
              "en",
              PERSONAL,
              false,
              "Reply STOP to opt out.");
      case SMS ->
          new Message(
              APP,
              channel,
              true,
              null,
              null,
              "Hi Ana, your plan waits. Reply STOP to opt out.",
              null,
              "Hi, your plan waits.",
              Map.of(),
              UNSUBSCRIBE,
              "uw.example.com",
              "en",
              PERSONAL,
              true,
              "Reply STOP to opt out.");
      case PUSH ->
          new Message(
              APP,
              channel,
              true,
              null,
              "Your week",
              "Hi Ana, your plan waits.",
              null,
              "Hi, your plan waits.",
              Map.of(),
              UNSUBSCRIBE,
              "uw.example.com",
              "en",
              PERSONAL,
              false,
              "Reply STOP to opt out.");
    };
  }

  /** A copy of {@code m} with one component replaced. */
  static Message with(Message m, String component, Object value) {
    try {
      RecordComponent[] components = Message.class.getRecordComponents();
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        args[i] =
            components[i].getName().equals(component)
                ? value
                : components[i].getAccessor().invoke(m);
      }
      return (Message)
          Message.class
              .getDeclaredConstructor(
                  Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
              .newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static UnaryOperator<Message> body(String from, String to) {
    return m -> with(m, "body", m.body().replace(from, to));
  }

  static Stream<Arguments> breaches() {
    List<Arguments> rows = new ArrayList<>();
    for (Channel channel : Channel.values()) {
      rows.add(
          Arguments.of(channel, ComplianceRule.UNFILLED_PLACEHOLDER, body("Ana", "{{firstName}}")));
      rows.add(Arguments.of(channel, ComplianceRule.PERSONAL_DATA, body("Ana", "Ana Silva")));
      rows.add(
          Arguments.of(
              channel,
              ComplianceRule.PERSONAL_DATA,
              body("your plan", "ana.silva@example.com, your plan")));
      rows.add(
          Arguments.of(
              channel,
              ComplianceRule.PERSONAL_DATA,
              body("your plan", "call +1 555 987 6543 about your plan")));
      rows.add(
          Arguments.of(
              channel, ComplianceRule.PERSONAL_DATA, body("your plan", "user-8431 your plan")));
      rows.add(
          Arguments.of(channel, ComplianceRule.BANNED_PHRASE, body("waits", "waits, guaranteed")));
      rows.add(
          Arguments.of(channel, ComplianceRule.BANNED_PHRASE, body("waits", "waits. Act NOW")));
      rows.add(
          Arguments.of(
              channel,
              ComplianceRule.LINK_DOMAIN,
              body("your plan", "https://evil.example.org/x your plan")));
      rows.add(
          Arguments.of(
              channel,
              ComplianceRule.LANGUAGE,
              (UnaryOperator<Message>) m -> with(m, "copy", "Hola, tu plan te espera.")));
    }
    rows.add(
        Arguments.of(
            Channel.EMAIL,
            ComplianceRule.LINK_DOMAIN,
            (UnaryOperator<Message>)
                m ->
                    with(
                        m,
                        "html",
                        m.html().replace("tempo.example.com%2F", "evil.example.org%2F"))));
    rows.add(
        Arguments.of(
            Channel.EMAIL,
            ComplianceRule.UNSUBSCRIBE,
            body(UNSUBSCRIBE, "https://uw.example.com/")));
    rows.add(
        Arguments.of(
            Channel.EMAIL,
            ComplianceRule.UNSUBSCRIBE,
            (UnaryOperator<Message>) m -> with(m, "html", m.html().replace(UNSUBSCRIBE, "#"))));
    rows.add(
        Arguments.of(
            Channel.EMAIL,
            ComplianceRule.UNSUBSCRIBE,
            (UnaryOperator<Message>)
                m ->
                    with(
                        m,
                        "headers",
                        Map.of(ComplianceGate.LIST_UNSUBSCRIBE, "<" + UNSUBSCRIBE + ">"))));
    rows.add(
        Arguments.of(
            Channel.EMAIL,
            ComplianceRule.UNSUBSCRIBE,
            (UnaryOperator<Message>)
                m ->
                    with(
                        m,
                        "headers",
                        Map.of(ComplianceGate.LIST_UNSUBSCRIBE_POST, ComplianceGate.ONE_CLICK))));
    rows.add(Arguments.of(Channel.EMAIL, ComplianceRule.LEGAL_FOOTER, body(ADDRESS, "")));
    rows.add(
        Arguments.of(
            Channel.SMS, ComplianceRule.SMS_SEGMENTS, body("your plan waits.", "x".repeat(320))));
    rows.add(
        Arguments.of(
            Channel.SMS,
            ComplianceRule.SMS_SEGMENTS,
            body("your plan waits.", "é".repeat(30) + "ł".repeat(110))));
    rows.add(
        Arguments.of(Channel.SMS, ComplianceRule.SMS_OPT_OUT, body(" Reply STOP to opt out.", "")));
    rows.add(
        Arguments.of(
            Channel.PUSH,
            ComplianceRule.PUSH_LIMITS,
            (UnaryOperator<Message>) m -> with(m, "title", "t".repeat(51))));
    rows.add(
        Arguments.of(
            Channel.PUSH, ComplianceRule.PUSH_LIMITS, body("your plan waits.", "w".repeat(121))));
    rows.add(
        Arguments.of(
            Channel.PUSH,
            ComplianceRule.PUSH_LIMITS,
            (UnaryOperator<Message>) m -> with(m, "title", " ")));
    return rows.stream();
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void theValidMessageOfEachChannelPasses(Channel channel) {
    assertThat(gate.check(valid(channel))).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("breaches")
  void eachRuleStopsTheMessageThatBreaksIt(
      Channel channel, ComplianceRule rule, UnaryOperator<Message> breach) {
    assertThat(gate.check(breach.apply(valid(channel))))
        .extracting(ComplianceViolation::rule)
        .isNotEmpty()
        .containsOnly(rule);
  }

  @Test
  void aTransactionalEmailNeedsNoUnsubscribeLinkAndAnUnconfiguredAppNoLegalFooter() {
    Message transactional =
        with(
            with(body(UNSUBSCRIBE, "").apply(valid(Channel.EMAIL)), "marketing", false),
            "headers",
            Map.of());
    Message unconfigured =
        with(
            body(ADDRESS, "").apply(valid(Channel.EMAIL)),
            "app",
            BuiltInAppConfig.unconfigured("a1"));

    assertThat(gate.check(transactional)).isEmpty();
    assertThat(gate.check(unconfigured))
        .extracting(ComplianceViolation::rule)
        .doesNotContain(ComplianceRule.LEGAL_FOOTER)
        .contains(ComplianceRule.LINK_DOMAIN);
  }

  @Test
  void anSmsAfterTheFirstNeedsNoOptOutNotice() {
    Message later =
        with(body(" Reply STOP to opt out.", "").apply(valid(Channel.SMS)), "firstSms", false);

    assertThat(gate.check(later)).isEmpty();
  }

  @Test
  void segmentsAreCountedAsCarriersCountThem() {
    assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(1);
    assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(2);
    assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(2);
    assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(3);
    assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(1);
    assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(2);
    assertThat(SmsSegments.count("ł".repeat(70))).isEqualTo(1);
    assertThat(SmsSegments.count("ł".repeat(71))).isEqualTo(2);
    assertThat(SmsSegments.count("ł".repeat(134))).isEqualTo(2);
    assertThat(SmsSegments.count("ł".repeat(135))).isEqualTo(3);
    assertThat(SmsSegments.isGsm7("¿Qué tal? Ñandú")).isFalse();
    assertThat(SmsSegments.isGsm7("¡Hola! ¿Años? Ñ")).isTrue();
  }
}

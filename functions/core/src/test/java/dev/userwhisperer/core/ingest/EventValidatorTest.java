package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Violation;
import dev.userwhisperer.core.testing.IngestFixture;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
  private final EventValidator validator = new EventValidator(new MutableClock(IngestFixture.NOW));

  private List<Violation> validate(String json, String pointer) {
    return validator.validate(Json.tree(json.getBytes(StandardCharsets.UTF_8)), pointer);
  }

  private List<String> pointers(String json) {
    return validate(json, "/batch/3").stream().map(Violation::pointer).toList();
  }

  @Test
  void validIdentifyPasses() {
    assertThat(
            validate(
                """
        {"messageId":"m1","type":"identify","userId":"u1","traits":{
          "email":"ada@example.com","phone":"+4915112345678","pushToken":"tok","firstName":"Ada",
          "locale":"de-DE","timezone":"Europe/Berlin","plan":"pro",
          "consent":{"email":true,"sms":false,"push":true},"favouriteColour":"blue"},
         "context":{"locale":"zh-Hant-TW","timezone":"Asia/Taipei","device":{"os":"ios"},
          "appVersion":"3.2.1","ip":"2001:db8::1","userAgent":"curl","library":"uw-js"}}
        """,
                ""))
        .isEmpty();
  }

  @Test
  void identifyWithoutTraitsIsRejectedAtTraits() {
    assertThat(validate("{\"messageId\":\"m\",\"type\":\"identify\",\"userId\":\"u\"}", ""))
        .containsExactly(
            new Violation("missing_field", "/traits", "required property 'traits' not found"));
  }

  @Test
  void badEmailPhoneAndTimezoneArePointedAtWithinTheBatch() {
    List<Violation> violations =
        validate(
            """
        {"messageId":"m","type":"identify","userId":"u",
         "traits":{"email":"not-an-email","phone":"0151 123","timezone":"Mars/Olympus_Mons"}}
        """,
            "/batch/3");
    assertThat(violations)
        .extracting(Violation::code, Violation::pointer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("invalid_format", "/batch/3/traits/email"),
            org.assertj.core.groups.Tuple.tuple("invalid_format", "/batch/3/traits/phone"),
            org.assertj.core.groups.Tuple.tuple("invalid_timezone", "/batch/3/traits/timezone"));
    assertThat(violations.get(2).message())
        .isEqualTo("'Mars/Olympus_Mons' is not an IANA time zone id");
  }

  @Test
  void localeConsentAndContextTimezoneAreChecked() {
    assertThat(
            pointers(
                """
        {"messageId":"m","type":"identify","userId":"u",
         "traits":{"locale":"en_US","consent":{"email":"yes","fax":true}},
         "context":{"timezone":"Nowhere/Town"}}
        """))
        .containsExactly(
            "/batch/3/traits/locale",
            "/batch/3/traits/consent/email",
            "/batch/3/traits/consent/fax",
            "/batch/3/context/timezone");
  }

  @Test
  void envelopeFieldsAreChecked() {
    assertThat(validate("{\"messageId\":\"\",\"type\":\"Signed Up\",\"userId\":7}", ""))
        .extracting(Violation::code, Violation::pointer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("invalid_length", "/messageId"),
            org.assertj.core.groups.Tuple.tuple("invalid_format", "/type"),
            org.assertj.core.groups.Tuple.tuple("invalid_type", "/userId"));
  }

  @Test
  void missingUserIdAndAnonymousIdIsReportedOnce() {
    assertThat(validate("{\"messageId\":\"m\",\"type\":\"x\"}", "/batch/0"))
        .containsExactly(
            new Violation("missing_field", "/batch/0/userId", "userId or anonymousId is required"));
  }

  @Test
  void badIpIsReportedOnce() {
    assertThat(
            pointers(
                "{\"messageId\":\"m\",\"type\":\"x\",\"anonymousId\":\"a\","
                    + "\"context\":{\"ip\":\"1.2.3\"}}"))
        .containsExactly("/batch/3/context/ip");
  }

  @Test
  void timestampMustBeAnRfc3339DateTimeAtMost24HoursAhead() {
    assertThat(
            pointers(
                "{\"messageId\":\"m\",\"type\":\"x\",\"userId\":\"u\","
                    + "\"timestamp\":\"yesterday\"}"))
        .containsExactly("/batch/3/timestamp");
    assertThat(
            validate(
                "{\"messageId\":\"m\",\"type\":\"x\",\"userId\":\"u\","
                    + "\"timestamp\":\"2026-03-03T10:00:00Z\"}",
                ""))
        .isEmpty();
    assertThat(
            validate(
                "{\"messageId\":\"m\",\"type\":\"x\",\"userId\":\"u\","
                    + "\"timestamp\":\"2026-03-03T10:00:01Z\"}",
                ""))
        .extracting(Violation::code)
        .containsExactly("timestamp_in_future");
  }

  @Test
  void customTypesAreAllowed() {
    assertThat(
            validate("{\"messageId\":\"m\",\"type\":\"report.exported_v2\",\"userId\":\"u\"}", ""))
        .isEmpty();
  }

  @Test
  void publishedSchemaIsTheOneInForce() {
    assertThat(
            Json.tree(EventValidator.schemaText().getBytes(StandardCharsets.UTF_8))
                .at("/$schema")
                .asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  @Test
  void offsetsAreNotTimeZones() {
    assertThat(
            pointers(
                "{\"messageId\":\"m\",\"type\":\"x\",\"userId\":\"u\","
                    + "\"context\":{\"timezone\":\"+02:00\"}}"))
        .containsExactly("/batch/3/context/timezone");
  }

  @Test
  void pointersEscapeSlashAndTilde() {
    assertThat(
            pointers(
                "{\"messageId\":\"m\",\"type\":\"x\",\"userId\":\"u\","
                    + "\"traits\":{\"consent\":{\"a/b~c\":true}}}"))
        .containsExactly("/batch/3/traits/consent/a~1b~0c");
  }
}

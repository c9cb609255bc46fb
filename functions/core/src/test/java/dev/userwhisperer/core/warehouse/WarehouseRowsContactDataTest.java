package dev.userwhisperer.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.profile.ContactData;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No warehouse row carries an e-mail address, phone number or push token raw. */
class WarehouseRowsContactDataTest {
  private static final String EMAIL = "ada.lovelace@example.com";
  private static final String PHONE = "+15550100";
  private static final String TOKEN = "fcm-token-0123456789";

  @Test
  void eventTraitsCarryPseudonymsOfContactData() {
    var row =
        WarehouseRows.event(
            "app1",
            "u1",
            TestEvents.event(EventTypes.IDENTIFY)
                .trait("email", EMAIL)
                .trait("phone", PHONE)
                .trait("push_token", TOKEN)
                .trait("plan", "pro")
                .build());

    String traits = (String) row.get("traits");
    assertThat(traits).doesNotContain(EMAIL, PHONE, TOKEN).contains("\"plan\":\"pro\"");
    assertThat(traits).contains(ContactData.pseudonym(EMAIL), ContactData.pseudonym(PHONE));
  }

  @Test
  void profileSnapshotsCarryPseudonymsOfAddressesAndTraits() {
    var row =
        WarehouseRows.profileSnapshot(
            Profiles.user("u1").email(EMAIL).phone(PHONE).pushToken(TOKEN).build(), Profiles.T0);

    assertThat((String) row.get("profile"))
        .doesNotContain(EMAIL, PHONE, TOKEN)
        .contains(ContactData.pseudonym(EMAIL));
  }

  @Test
  void aQuarantinedPayloadKeepsItsShapeWithPseudonymsOrOnlyItsHashWhenUnreadable() {
    String readable = "{\"messageId\":\"m1\",\"traits\":{\"email\":\"" + EMAIL + "\"}}";
    String unreadable = "{\"messageId\":\"m2\",\"traits\":{\"email\":\"" + EMAIL + "\"";

    String kept = (String) WarehouseRows.quarantined(quarantined(readable)).get("payload");
    String hashed = (String) WarehouseRows.quarantined(quarantined(unreadable)).get("payload");

    assertThat(kept).doesNotContain(EMAIL).contains("\"messageId\":\"m1\"");
    assertThat(hashed).doesNotContain(EMAIL).contains("\"unparseable\":true");
    String clean = "{\"messageId\":\"m3\"}";
    assertThat(WarehouseRows.quarantined(quarantined(clean)).get("payload")).isEqualTo(clean);
  }

  @Test
  void thePseudonymIgnoresCaseOfAddressesAndPunctuationOfNumbers() {
    assertThat(ContactData.pseudonym(" Ada.Lovelace@Example.com "))
        .isEqualTo(ContactData.pseudonym(EMAIL));
    assertThat(ContactData.pseudonym("+1 555-0100")).isEqualTo(ContactData.pseudonym(PHONE));
    assertThat(ContactData.pseudonym(EMAIL)).startsWith("sha256:").doesNotContain("ada");
    assertThat(Channel.values()).hasSize(3);
  }

  private static QuarantinedEvent quarantined(String payload) {
    return new QuarantinedEvent(
        "q1", "app1", "m1", Instant.parse("2026-01-05T12:00:00Z"), payload, List.of());
  }
}

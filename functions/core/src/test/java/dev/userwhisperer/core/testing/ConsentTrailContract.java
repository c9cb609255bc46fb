package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.profile.ContactData;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ConsentTrail} adapter does; a subclass supplies a fresh, empty trail. */
public abstract class ConsentTrailContract {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  protected abstract ConsentTrail trail();

  public static ConsentRecord record(
      String userId,
      String eventId,
      Channel channel,
      boolean granted,
      ConsentSource source,
      Instant at) {
    return new ConsentRecord(
        ConsentRecord.idOf(eventId, channel),
        "app-1",
        userId,
        channel,
        granted,
        source,
        granted ? "consent" : "unsubscribe",
        at,
        eventId);
  }

  @Test
  void recordsComeBackPerUserOldestFirst() {
    ConsentRecord later =
        record(
            "u-1", "e-2", Channel.EMAIL, false, ConsentSource.UNSUBSCRIBE_LINK, T0.plusSeconds(60));
    ConsentRecord first = record("u-1", "e-1", Channel.EMAIL, true, ConsentSource.IDENTIFY, T0);
    ConsentRecord other = record("u-2", "e-3", Channel.SMS, true, ConsentSource.SMS_KEYWORD, T0);

    trail().append(List.of(later, first, other));

    assertThat(trail().list("app-1", "u-1")).containsExactly(first, later);
    assertThat(trail().list("app-1", "u-2")).containsExactly(other);
    assertThat(trail().list("app-2", "u-1")).isEmpty();
  }

  @Test
  void recordsOfOneInstantComeInTheOrderOfTheirIds() {
    ConsentRecord sms = record("u-1", "e-1", Channel.SMS, true, ConsentSource.IDENTIFY, T0);
    ConsentRecord email = record("u-1", "e-1", Channel.EMAIL, true, ConsentSource.IDENTIFY, T0);
    ConsentRecord push = record("u-1", "e-1", Channel.PUSH, true, ConsentSource.IDENTIFY, T0);

    trail().append(List.of(sms, email, push));

    assertThat(trail().list("app-1", "u-1")).containsExactly(email, push, sms);
  }

  @Test
  void appendingARecordIdAgainKeepsTheFirstRecord() {
    ConsentRecord first = record("u-1", "e-1", Channel.EMAIL, true, ConsentSource.IDENTIFY, T0);
    ConsentRecord rewritten =
        record(
            "u-1", "e-1", Channel.EMAIL, false, ConsentSource.PREFERENCE_PAGE, T0.plusSeconds(1));

    trail().append(List.of(first));
    trail().append(List.of(rewritten, first));

    assertThat(trail().list("app-1", "u-1")).containsExactly(first);
  }

  @Test
  void aSuppressionIsFoundByAppChannelAndPseudonymOnly() {
    String pseudonym = ContactData.pseudonym("ada@example.com");

    trail().suppress("app-1", Channel.EMAIL, pseudonym, T0);
    trail().suppress("app-1", Channel.EMAIL, pseudonym, T0.plusSeconds(5));

    assertThat(trail().suppressed("app-1", Channel.EMAIL, pseudonym)).isTrue();
    assertThat(trail().suppressed("app-1", Channel.SMS, pseudonym)).isFalse();
    assertThat(trail().suppressed("app-2", Channel.EMAIL, pseudonym)).isFalse();
    assertThat(trail().suppressed("app-1", Channel.EMAIL, ContactData.pseudonym("bob@example.com")))
        .isFalse();
  }
}

package dev.userwhisperer.core.privacy;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.testing.InMemoryConsentTrail;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentRecorderTest {
  private final InMemoryConsentTrail trail = new InMemoryConsentTrail();
  private final ConsentRecorder recorder = new ConsentRecorder(trail);

  @Test
  void identifyConsentIsRecordedPerChannelWithSourceAndTime() {
    recorder.record(
        batch(
            "b1",
            event(EventTypes.IDENTIFY)
                .id("m-1")
                .at("2026-01-05T10:00:00Z")
                .trait("consent", Map.of("email", true, "sms", false))
                .build()));

    assertThat(trail.list("app1", "u1"))
        .extracting(
            ConsentRecord::channel,
            ConsentRecord::granted,
            ConsentRecord::source,
            ConsentRecord::at)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                Channel.EMAIL, true, ConsentSource.IDENTIFY, Instant.parse("2026-01-05T10:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(
                Channel.SMS, false, ConsentSource.IDENTIFY, Instant.parse("2026-01-05T10:00:00Z")));
  }

  @Test
  void anUnsubscribeThroughALinkIsAWithdrawalFromTheLink() {
    recorder.record(
        batch(
            "b1",
            event(EventTypes.MESSAGE_UNSUBSCRIBED)
                .id("fb:o-1:unsubscribe")
                .prop("channel", "email")
                .context(ConsentSource.CONTEXT_KEY, "unsubscribe_link")
                .build()));

    ConsentRecord only = trail.list("app1", "u1").get(0);
    assertThat(only.granted()).isFalse();
    assertThat(only.source()).isEqualTo(ConsentSource.UNSUBSCRIBE_LINK);
    assertThat(only.detail()).isEqualTo("unsubscribe");
    assertThat(only.eventId()).isEqualTo("fb:o-1:unsubscribe");
  }

  @Test
  void anAppsEventCannotClaimToBeTheUsersOwnChoice() {
    recorder.record(
        batch(
            "b1",
            event(EventTypes.IDENTIFY)
                .id("client-1")
                .trait("consent", Map.of("sms", true))
                .context(ConsentSource.CONTEXT_KEY, "preference_page")
                .build()));

    assertThat(trail.list("app1", "u1"))
        .extracting(ConsentRecord::source)
        .containsExactly(ConsentSource.IDENTIFY);
  }

  @Test
  void aRedeliveredBatchRecordsNothingTwiceAndEventsWithoutAStatementNothing() {
    UserEventBatch batch =
        batch(
            "b1",
            event(EventTypes.IDENTIFY)
                .id("twilio:SM1")
                .trait("consent", Map.of("sms", false))
                .context(ConsentSource.CONTEXT_KEY, "sms_keyword")
                .context("keyword", "STOP")
                .build(),
            event(EventTypes.USER_LOGIN).id("m-2").build());

    recorder.record(batch);
    recorder.record(batch);

    assertThat(trail.list("app1", "u1"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.source()).isEqualTo(ConsentSource.SMS_KEYWORD);
              assertThat(r.detail()).isEqualTo("STOP");
            });
  }
}

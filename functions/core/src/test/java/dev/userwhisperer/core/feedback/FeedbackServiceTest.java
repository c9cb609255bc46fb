package dev.userwhisperer.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedbackServiceTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final MutableClock clock = new MutableClock(T);
  private final RecordingChannelSender sent = new RecordingChannelSender(clock);
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final FeedbackService feedback = new FeedbackService(sent, bus, warehouse, clock);

  private OutboundMessage sentMessage(Channel channel) {
    OutboundMessage m =
        new OutboundMessage(
            OutboundMessage.VERSION,
            "m-" + channel.wireName(),
            "d1",
            "app1",
            "u1",
            channel,
            "to",
            "en",
            "winback",
            "template-v1",
            null,
            "Body",
            T,
            null,
            null,
            null,
            Provenance.template(0));
    sent.send(m);
    return m;
  }

  @Test
  void feedbackAboutAnUnknownMessageIs404WithTheApiErrorBody() {
    FeedbackResponse response = feedback.handle(new FeedbackRequest("nope", FeedbackKind.OPEN));

    assertThat(response.status()).isEqualTo(404);
    assertThat(Json.encodeToString(response.body()))
        .isEqualTo(
            "{\"error\":{\"code\":\"unknown_message\",\"message\":\"no message with id nope was sent\",\"field\":null}}");
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void anUnsubscribeBecomesAnEventOfTheUserAndADeliveryStatus() {
    clock.set(T.plusSeconds(600));
    OutboundMessage m = sentMessage(Channel.EMAIL);

    FeedbackResponse response =
        feedback.handle(new FeedbackRequest(m.outboundId(), FeedbackKind.UNSUBSCRIBE));

    assertThat(response.status()).isEqualTo(202);
    UserEventBatch batch = bus.published(UserEventBatch.class).get(0);
    assertThat(batch.appId()).isEqualTo("app1");
    assertThat(batch.userId()).isEqualTo("u1");
    Event e = batch.events().get(0);
    assertThat(e.messageId()).isEqualTo("fb:m-email:unsubscribe");
    assertThat(e.type()).isEqualTo(EventTypes.MESSAGE_UNSUBSCRIBED);
    assertThat(e.timestamp()).isEqualTo(T.plusSeconds(600));
    assertThat(e.properties())
        .containsEntry("channel", "email")
        .containsEntry("outboundId", "m-email")
        .containsEntry("intervention", "winback");
    assertThat(warehouse.rows(Table.DELIVERIES))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("status", "unsubscribed"));
  }

  @Test
  void aSpamComplaintBecomesAComplaintEventAndADeliveryStatus() {
    OutboundMessage m = sentMessage(Channel.EMAIL);

    FeedbackResponse response =
        feedback.handle(
            new FeedbackRequest(m.outboundId(), FeedbackKind.fromWireName("complaint")));

    assertThat(response.status()).isEqualTo(202);
    Event e = bus.published(UserEventBatch.class).get(0).events().get(0);
    assertThat(e.messageId()).isEqualTo("fb:m-email:complaint");
    assertThat(e.type()).isEqualTo(EventTypes.MESSAGE_COMPLAINED);
    assertThat(warehouse.rows(Table.DELIVERIES))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("status", "complained"));
  }

  @Test
  void opensAndClicksMapToTheChannelsEventTypes() {
    assertThat(typeOf(sentMessage(Channel.EMAIL), FeedbackKind.OPEN))
        .isEqualTo(EventTypes.EMAIL_OPENED);
    assertThat(typeOf(sentMessage(Channel.EMAIL), FeedbackKind.CLICK))
        .isEqualTo(EventTypes.EMAIL_CLICKED);
    assertThat(typeOf(sentMessage(Channel.SMS), FeedbackKind.CLICK))
        .isEqualTo(EventTypes.SMS_CLICKED);
    assertThat(typeOf(sentMessage(Channel.PUSH), FeedbackKind.OPEN))
        .isEqualTo(EventTypes.PUSH_OPENED);
  }

  @Test
  void anSmsOpenIsRefusedBecauseItCannotBeTracked() {
    FeedbackResponse response =
        feedback.handle(
            new FeedbackRequest(sentMessage(Channel.SMS).outboundId(), FeedbackKind.OPEN));
    assertThat(response.status()).isEqualTo(422);
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void repeatedFeedbackYieldsTheSameEventId() {
    OutboundMessage m = sentMessage(Channel.EMAIL);
    feedback.handle(new FeedbackRequest(m.outboundId(), FeedbackKind.OPEN));
    clock.set(T.plusSeconds(60));
    feedback.handle(new FeedbackRequest(m.outboundId(), FeedbackKind.OPEN));

    assertThat(bus.published(UserEventBatch.class))
        .extracting(b -> b.events().get(0).messageId())
        .containsOnly("fb:m-email:open");
    assertThat(warehouse.rows(Table.DELIVERIES)).hasSize(1);
  }

  private String typeOf(OutboundMessage m, FeedbackKind kind) {
    bus.clear();
    assertThat(feedback.handle(new FeedbackRequest(m.outboundId(), kind)).status()).isEqualTo(202);
    return bus.published(UserEventBatch.class).get(0).events().get(0).type();
  }
}

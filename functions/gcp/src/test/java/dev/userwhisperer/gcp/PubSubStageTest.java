package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import org.junit.jupiter.api.Test;

class PubSubStageTest {

  @Test
  void theTopicOfADeliveryIsTheLastSegmentOfEventarcsSource() {
    assertThat(PubSubStage.topic(event("//pubsub.googleapis.com/projects/p/topics/outbound.sms")))
        .contains("outbound.sms");
  }

  @Test
  void anEventFromElsewhereHasNoTopicToDeadLetterTo() {
    assertThat(PubSubStage.topic(event("//storage.googleapis.com/projects/_/buckets/b"))).isEmpty();
  }

  private static CloudEvent event(String source) {
    return CloudEventBuilder.v1()
        .withId("e-1")
        .withSource(URI.create(source))
        .withType(PubSubCloudEvents.MESSAGE_PUBLISHED)
        .build();
  }
}

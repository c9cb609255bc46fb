package dev.userwhisperer.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageProgressTest {
  @Test
  void aMessageMovesForwardThroughDeliveryOpenAndClick() {
    String status = "sending";
    for (String next : new String[] {"sent", "delivered", "opened", "clicked", "unsubscribed"}) {
      status = MessageProgress.furthest(status, next);
      assertThat(status).isEqualTo(next);
    }
  }

  @Test
  void aLateOrRepeatedStatusDoesNotMoveItBack() {
    assertThat(MessageProgress.furthest("clicked", "opened")).isEqualTo("clicked");
    assertThat(MessageProgress.furthest("opened", "opened")).isEqualTo("opened");
    assertThat(MessageProgress.furthest("opened", "delivered")).isEqualTo("opened");
    assertThat(MessageProgress.furthest("delivered", "sent")).isEqualTo("delivered");
  }

  @Test
  void theFirstOutcomeOfAKindStands() {
    assertThat(MessageProgress.furthest("delivered", "bounced")).isEqualTo("delivered");
    assertThat(MessageProgress.furthest("unsubscribed", "complained")).isEqualTo("unsubscribed");
  }

  @Test
  void aBounceOrADryRunMovesAMessageOnFromSending() {
    assertThat(MessageProgress.furthest("sending", "bounced")).isEqualTo("bounced");
    assertThat(MessageProgress.furthest("dry_run", "opened")).isEqualTo("opened");
    assertThat(MessageProgress.furthest(null, "dry_run")).isEqualTo("dry_run");
  }

  @Test
  void aProvidersOwnStatusRanksAsAccepted() {
    assertThat(MessageProgress.furthest("sending", "queued")).isEqualTo("queued");
    assertThat(MessageProgress.furthest("queued", "delivered")).isEqualTo("delivered");
    assertThat(MessageProgress.furthest("delivered", "queued")).isEqualTo("delivered");
  }
}

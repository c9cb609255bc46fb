package dev.userwhisperer.local.store;

import static dev.userwhisperer.local.store.Samples.T0;
import static dev.userwhisperer.local.store.Samples.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxChannelSenderIT {
  @TempDir Path dir;
  SqliteDatabase db;
  MutableClock clock = new MutableClock(T0);
  OutboxChannelSender outbox;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    outbox = new OutboxChannelSender(db, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void sentMessageIsStoredWholeAndDelivered() {
    OutboundMessage m = message("app", "m1");

    Delivery d = outbox.send(m);

    assertThat(d.outboundId()).isEqualTo("m1");
    assertThat(d.status()).isEqualTo("delivered");
    assertThat(d.at()).isEqualTo(T0);
    assertThat(d.providerId()).isNotBlank();
    assertThat(outbox.find("m1")).contains(m);
    assertThat(outbox.find("absent")).isEmpty();
    assertThat(outbox.entry("m1").orElseThrow().status()).isEqualTo(OutboxStatus.DELIVERED);
  }

  @Test
  void sendingTheSameMessageIdAgainStoresNothingAndAnswersTheFirstDelivery() {
    Delivery first = outbox.send(message("app", "m1"));
    clock.advance(Duration.ofMinutes(5));

    Delivery again = outbox.send(message("app", "m1"));

    assertThat(again).isEqualTo(first);
    assertThat(outbox.list("app", 10)).hasSize(1);
  }

  @Test
  void listShowsAnAppsMessagesNewestFirst() {
    outbox.send(message("app", "m1"));
    outbox.send(message("other", "m2"));
    outbox.send(message("app", "m3"));

    assertThat(outbox.list("app", 10))
        .extracting(e -> e.message().outboundId())
        .containsExactly("m3", "m1");
    assertThat(outbox.list("app", 1))
        .extracting(e -> e.message().outboundId())
        .containsExactly("m3");
  }

  @Test
  void readingAfterTheLastSeqSeenReadsEachOfTheAppsMessagesOnceOldestFirst() {
    outbox.send(message("app", "m1"));
    outbox.send(message("other", "m2"));
    outbox.send(message("app", "m3"));
    outbox.send(message("app", "m4"));

    var firstPage = outbox.listAfter("app", 0, 2);
    var secondPage = outbox.listAfter("app", firstPage.get(1).seq(), 2);

    assertThat(firstPage).extracting(e -> e.message().outboundId()).containsExactly("m1", "m3");
    assertThat(secondPage).extracting(e -> e.message().outboundId()).containsExactly("m4");
    assertThat(outbox.listAfter("app", secondPage.get(0).seq(), 2)).isEmpty();
  }

  @Test
  void statusOnlyMovesForwardAndKeepsTheFirstTimeOfEach() {
    outbox.send(message("app", "m1"));
    var opened = T0.plusSeconds(60);
    var clicked = T0.plusSeconds(120);

    assertThat(outbox.markStatus("m1", OutboxStatus.OPENED, opened)).isTrue();
    assertThat(outbox.markStatus("m1", OutboxStatus.CLICKED, clicked)).isTrue();
    assertThat(outbox.markStatus("m1", OutboxStatus.OPENED, T0.plusSeconds(500))).isTrue();
    assertThat(outbox.markStatus("absent", OutboxStatus.OPENED, opened)).isFalse();

    OutboxEntry e = outbox.entry("m1").orElseThrow();
    assertThat(e.status()).isEqualTo(OutboxStatus.CLICKED);
    assertThat(e.deliveredAt()).isEqualTo(T0);
    assertThat(e.openedAt()).isEqualTo(opened);
    assertThat(e.clickedAt()).isEqualTo(clicked);
    assertThat(e.unsubscribedAt()).isNull();

    outbox.markStatus("m1", OutboxStatus.UNSUBSCRIBED, T0.plusSeconds(600));
    assertThat(outbox.entry("m1").orElseThrow().status()).isEqualTo(OutboxStatus.UNSUBSCRIBED);
  }

  @Test
  void aProvidersDeliveredMovesItsSentMessageOnAndNothingMovesItBack() {
    outbox.recordProviderSend(message("app", "m1"));
    assertThat(outbox.entry("m1").orElseThrow().status()).isEqualTo(OutboxStatus.SENT);

    assertThat(outbox.markStatus("m1", OutboxStatus.DELIVERED, T0.plusSeconds(5))).isTrue();
    assertThat(outbox.entry("m1").orElseThrow().status()).isEqualTo(OutboxStatus.DELIVERED);

    outbox.markStatus("m1", OutboxStatus.OPENED, T0.plusSeconds(60));
    outbox.markStatus("m1", OutboxStatus.DELIVERED, T0.plusSeconds(70));
    OutboxEntry e = outbox.entry("m1").orElseThrow();
    assertThat(e.status()).isEqualTo(OutboxStatus.OPENED);
    assertThat(e.openedAt()).isEqualTo(T0.plusSeconds(60));
  }
}

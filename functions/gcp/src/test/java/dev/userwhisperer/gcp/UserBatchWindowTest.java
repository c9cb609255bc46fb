package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.testing.TestEvents;
import dev.userwhisperer.gcp.PubSubCloudEvents.PubSubDelivery;
import dev.userwhisperer.gcp.UserBatchWindow.Entry;
import dev.userwhisperer.gcp.UserBatchWindow.Group;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UserBatchWindowTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration QUIET = Duration.ofSeconds(30);
  private static final Duration LONGEST_HOLD = Duration.ofMinutes(5);

  @Test
  void aUsersMessagesAreMergedInPublicationOrderAndOtherUsersKeptApart() {
    UserBatchWindow<String> window = new UserBatchWindow<>(256);
    window.add(entry("ada", "late", T0.plusSeconds(2), "a3"));
    window.add(entry("bob", "b", T0, "b1"));
    window.add(entry("ada", "early", T0, "a1", "a2"));

    List<Group<String>> groups = window.drain();

    assertThat(groups).extracting(Group::userId).containsExactly("ada", "bob");
    UserEventBatch ada = groups.get(0).merged();
    assertThat(ada.events()).extracting(Event::messageId).containsExactly("a1", "a2", "a3");
    assertThat(ada.batchId()).isEqualTo(Ids.batch("app", "ada", List.of("a1", "a2", "a3")));
    assertThat(groups.get(1).merged().batchId()).as("one message keeps its batch").isEqualTo("b");
    assertThat(window.messages()).isZero();
    assertThat(window.drain()).isEmpty();
  }

  @Test
  void theSameMessagesMergeIntoTheSameBatchWhicheverOrderTheyArriveIn() {
    UserBatchWindow<String> first = new UserBatchWindow<>(256);
    first.add(entry("ada", "x", T0, "a1"));
    first.add(entry("ada", "y", T0.plusSeconds(1), "a2"));
    UserBatchWindow<String> redelivered = new UserBatchWindow<>(256);
    redelivered.add(entry("ada", "y", T0.plusSeconds(1), "a2"));
    redelivered.add(entry("ada", "x", T0, "a1"));

    assertThat(redelivered.drain().get(0).merged()).isEqualTo(first.drain().get(0).merged());
  }

  @Test
  void aGroupThatWouldPassTheEventLimitIsHandedOutBeforeTheMessageThatWouldPassIt() {
    UserBatchWindow<String> window = new UserBatchWindow<>(3);
    assertThat(window.add(entry("ada", "1", T0, "a1", "a2"))).isEmpty();

    List<Group<String>> ready = window.add(entry("ada", "2", T0, "a3", "a4"));

    assertThat(ready).singleElement().satisfies(g -> assertThat(g.events()).isEqualTo(2));
    assertThat(window.messages()).isEqualTo(1);
    assertThat(window.add(entry("ada", "3", T0, "a5")))
        .as("full at the limit")
        .singleElement()
        .satisfies(g -> assertThat(g.events()).isEqualTo(3));
    assertThat(window.messages()).isZero();
  }

  @Test
  void aUsersWindowStaysOpenWhileTheUserKeepsSendingAndClosesAfterTheQuietTime() {
    AtomicLong nanos = new AtomicLong();
    UserBatchWindow<String> window = new UserBatchWindow<>(256, nanos::get);
    window.add(entry("ada", "1", T0, "a1"));
    window.add(entry("bob", "b", T0, "b1"));
    for (int second = 1; second <= 3; second++) {
      nanos.set(TimeUnit.SECONDS.toNanos(20L * second));
      List<Group<String>> due = window.due(QUIET, LONGEST_HOLD);
      if (second == 2) {
        assertThat(due).as("bob quiet for 30 s").extracting(Group::userId).containsExactly("bob");
      } else {
        assertThat(due).as("%d s: ada sent 20 s ago", 20 * second).isEmpty();
      }
      window.add(entry("ada", "s" + second, T0.plusSeconds(second), "a" + (second + 1)));
    }

    nanos.addAndGet(TimeUnit.SECONDS.toNanos(29));
    assertThat(window.due(QUIET, LONGEST_HOLD)).isEmpty();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(window.due(QUIET, LONGEST_HOLD))
        .singleElement()
        .satisfies(g -> assertThat(g.events()).as("the whole 60 s visit").isEqualTo(4));
    assertThat(window.messages()).isZero();
  }

  @Test
  void aUserWhoNeverGoesQuietIsHandedOutOnceTheFirstBatchIsHeldTheLongest() {
    AtomicLong nanos = new AtomicLong();
    UserBatchWindow<String> window = new UserBatchWindow<>(256, nanos::get);
    List<Group<String>> handedOut = new ArrayList<>();
    for (int tenSeconds = 0; tenSeconds <= 35; tenSeconds++) {
      nanos.set(TimeUnit.SECONDS.toNanos(10L * tenSeconds));
      handedOut.addAll(window.due(QUIET, LONGEST_HOLD));
      window.add(
          entry("ada", "b" + tenSeconds, T0.plusSeconds(10L * tenSeconds), "a" + tenSeconds));
    }

    assertThat(handedOut)
        .as("at 5 min, then 5 min after the next first batch")
        .extracting(Group::events)
        .containsExactly(30);
    assertThat(window.messages()).isEqualTo(6);
  }

  @Test
  void whenMemoryRunsShortTheOldestWindowsCloseAndTheNewestKeepMerging() {
    UserBatchWindow<String> window = new UserBatchWindow<>(256);
    window.add(entry("ada", "a", T0, "a1"));
    window.add(entry("bob", "b", T0, "b1"));
    window.add(entry("ada", "a2", T0, "a2"));
    window.add(entry("cy", "c", T0, "c1"));

    assertThat(window.closeOldest(2))
        .as("ada's two messages, held longest, take the window down to two")
        .extracting(Group::userId)
        .containsExactly("ada");
    assertThat(window.messages()).isEqualTo(2);
    assertThat(window.closeOldest(0)).extracting(Group::userId).containsExactly("bob", "cy");
    assertThat(window.messages()).isZero();
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> new UserBatchWindow<String>(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Entry<String> entry(
      String user, String batchId, Instant published, String... ids) {
    List<Event> events =
        IntStream.range(0, ids.length)
            .mapToObj(i -> TestEvents.event("page_viewed").id(ids[i]).user(user).at(T0).build())
            .toList();
    UserEventBatch batch = new UserEventBatch(UserEventBatch.VERSION, batchId, "app", user, events);
    PubSubDelivery delivery =
        new PubSubDelivery(new byte[0], Map.of(), null, "m-" + batchId, published, 1, "s");
    return new Entry<>(batch, delivery, batchId);
  }
}

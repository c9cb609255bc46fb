package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.cloud.pubsub.v1.Publisher;
import dev.userwhisperer.core.port.TransientFailure;
import java.util.ConcurrentModificationException;
import org.junit.jupiter.api.Test;

/**
 * The client's re-entrant failure inside a flush (googleapis/java-pubsub#2377) cannot be caused on
 * cue against the emulator: it needs a batch to fail the instant it is handed over. A mock of the
 * client's {@link Publisher} throws it as the client does.
 */
class PubSubEventBusFlushTest {
  private final Publisher publisher = mock(Publisher.class);

  @Test
  void aFlushInterruptedByTheClientsReentrantFailureFlushesAgain() {
    doThrow(new ConcurrentModificationException())
        .doThrow(new ConcurrentModificationException())
        .doNothing()
        .when(publisher)
        .publishAllOutstanding();

    PubSubEventBus.flush(publisher);

    verify(publisher, times(3)).publishAllOutstanding();
  }

  @Test
  void aPublisherThatNeverFlushesIsATransientFailure() {
    doThrow(new ConcurrentModificationException()).when(publisher).publishAllOutstanding();
    when(publisher.getTopicNameString()).thenReturn("projects/p/topics/events");

    assertThatThrownBy(() -> PubSubEventBus.flush(publisher))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("projects/p/topics/events")
        .hasCauseInstanceOf(ConcurrentModificationException.class);
    verify(publisher, times(PubSubEventBus.FLUSH_ATTEMPTS)).publishAllOutstanding();
  }

  @Test
  void aFlushThatGoesThroughIsOneCall() {
    doNothing().when(publisher).publishAllOutstanding();

    PubSubEventBus.flush(publisher);

    verify(publisher).publishAllOutstanding();
  }
}

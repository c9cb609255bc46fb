package dev.userwhisperer.sdk;

import dev.userwhisperer.sdk.generated.model.IngestResult;
import java.util.List;

/** Hears what became of each batch; called on the client's sending thread. */
public interface Listener {
  /**
   * The platform answered 202: {@code result} has each event's status ({@code accepted}, {@code
   * duplicate} for one it already had, {@code rejected} with the reasons).
   */
  default void sent(List<Event> events, IngestResult result) {}

  /**
   * The events were not delivered: a 4xx that resending cannot fix, the retries ran out, or the
   * queue was full. The events are handed back so that the app can keep them.
   */
  void failed(List<Event> events, Exception cause);
}

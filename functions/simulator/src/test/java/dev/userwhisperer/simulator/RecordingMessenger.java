package dev.userwhisperer.simulator;

import java.time.Instant;
import java.util.List;

/** A messenger that keeps every message the one it wraps delivered, for tests. */
public record RecordingMessenger(Messenger messenger, List<Message> delivered)
    implements Messenger {
  @Override
  public List<Message> step(Instant from, Instant to, List<SimEvent> events) {
    List<Message> step = messenger.step(from, to, events);
    delivered.addAll(step);
    return step;
  }

  @Override
  public void feedback(Message message, Feedback kind, Instant at) {
    messenger.feedback(message, kind, at);
  }
}

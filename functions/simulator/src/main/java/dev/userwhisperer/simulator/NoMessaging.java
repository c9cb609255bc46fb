package dev.userwhisperer.simulator;

import java.time.Instant;
import java.util.List;

/** Arm (a): nobody sends anything. */
public final class NoMessaging implements Messenger {
  @Override
  public List<Message> step(Instant from, Instant to, List<SimEvent> events) {
    return List.of();
  }

  @Override
  public void feedback(Message message, Feedback kind, Instant at) {}
}

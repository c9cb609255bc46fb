package dev.userwhisperer.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Arm (d): the platform decides. Each hour its clock moves to the hour's end, the hour's events are
 * sent, the pipeline drains, and the messages it delivered meanwhile are read from the outbox;
 * answers go back through the message's feedback links, at the platform's current time.
 */
public final class PlatformMessenger implements Messenger {
  private static final int PAGE = 500;

  private final Platform platform;
  private long cursor;

  public PlatformMessenger(Platform platform) {
    this.platform = platform;
  }

  @Override
  public List<Message> step(Instant from, Instant to, List<SimEvent> events) {
    platform.advanceClock(Duration.between(from, to));
    if (!events.isEmpty()) {
      platform.sendEvents(events);
      platform.drain();
    }
    List<Message> delivered = new ArrayList<>();
    while (true) {
      List<Platform.OutboxItem> page = platform.outboxAfter(cursor, PAGE);
      for (Platform.OutboxItem item : page) {
        delivered.add(item.message());
        cursor = item.seq();
      }
      if (page.size() < PAGE) {
        return delivered;
      }
    }
  }

  @Override
  public void feedback(Message message, Feedback kind, Instant at) {
    platform.feedback(message.messageId(), kind);
  }
}

package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.port.EventBus;
import java.util.ArrayList;
import java.util.List;

/** Keeps what was published, in order, for tests to read. */
public final class InMemoryEventBus implements EventBus {
  private final List<PipelineMessage> published = new ArrayList<>();

  @Override
  public synchronized void publish(List<? extends PipelineMessage> messages) {
    published.addAll(messages);
  }

  public synchronized List<PipelineMessage> published() {
    return List.copyOf(published);
  }

  public synchronized <T extends PipelineMessage> List<T> published(Class<T> type) {
    return published.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public synchronized void clear() {
    published.clear();
  }
}

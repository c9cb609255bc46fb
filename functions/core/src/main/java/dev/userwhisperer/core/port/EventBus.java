package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.PipelineMessage;
import java.util.List;

/**
 * Publishes messages to their topics with ordering by {@link PipelineMessage#orderingKey()}.
 *
 * <p>When {@code publish} returns, the messages are durable: a crash afterwards loses none of them.
 * Delivery to subscribers is at least once.
 */
public interface EventBus {
  void publish(List<? extends PipelineMessage> messages);
}

package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.MessageHistory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link MessageHistory} of the local outbox: each entry's furthest status ({@code delivered},
 * {@code opened}, ...) and when it was delivered.
 */
public final class OutboxMessageHistory implements MessageHistory {
  private final OutboxChannelSender outbox;

  public OutboxMessageHistory(OutboxChannelSender outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public List<Entry> recent(String appId, int limit) {
    return outbox.list(appId, limit).stream().map(OutboxMessageHistory::entry).toList();
  }

  @Override
  public List<Entry> sentTo(String appId, String userId, int limit) {
    return outbox.latestForUser(appId, userId, limit).stream()
        .map(OutboxMessageHistory::entry)
        .toList();
  }

  @Override
  public Optional<Entry> find(String appId, String outboundId) {
    return outbox
        .entry(outboundId)
        .filter(e -> e.message().appId().equals(appId))
        .map(OutboxMessageHistory::entry);
  }

  private static Entry entry(OutboxEntry e) {
    return new Entry(e.message(), e.status().wireName(), e.deliveredAt());
  }
}

package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The warehouse the stages write to locally, which also moves each outbox entry to the delivery
 * statuses recorded for its message: every status (a provider's {@code delivered}, an open, a
 * click, an unsubscribe, whether from a webhook, a tracked link or the outbox API) is a row of the
 * {@code deliveries} table, so {@code GET /v1/outbox} shows how far a message got, including one a
 * provider sent. Statuses the outbox does not track (bounced, complained, failed) only reach the
 * warehouse.
 */
public final class OutboxStatusWarehouse implements Warehouse {
  private final Warehouse warehouse;
  private final OutboxChannelSender outbox;

  public OutboxStatusWarehouse(Warehouse warehouse, OutboxChannelSender outbox) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public void append(Table table, List<Map<String, Object>> rows) {
    warehouse.append(table, rows);
    if (table == Table.DELIVERIES) {
      for (Map<String, Object> row : rows) {
        tracked(row.get("status"))
            .ifPresent(
                status ->
                    outbox.markStatus(
                        (String) row.get("outbound_id"), status, (Instant) row.get("at")));
      }
    }
  }

  @Override
  public void appendLater(Table table, Supplier<List<Map<String, Object>>> rows) {
    if (table == Table.DELIVERIES) {
      append(table, rows.get());
    } else {
      warehouse.appendLater(table, rows);
    }
  }

  private static Optional<OutboxStatus> tracked(Object status) {
    return switch (String.valueOf(status)) {
      case "delivered" -> Optional.of(OutboxStatus.DELIVERED);
      case "opened" -> Optional.of(OutboxStatus.OPENED);
      case "clicked" -> Optional.of(OutboxStatus.CLICKED);
      case "unsubscribed" -> Optional.of(OutboxStatus.UNSUBSCRIBED);
      default -> Optional.empty();
    };
  }
}

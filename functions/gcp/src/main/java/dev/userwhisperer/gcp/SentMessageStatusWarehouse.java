package dev.userwhisperer.gcp;

import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The warehouse the functions write to, which also moves each message in Firestore {@code
 * sent_messages} to the delivery statuses recorded for it, as the local runner moves its outbox:
 * every status (deliver's, a provider webhook's, an open, a click, an unsubscribe, a bounce) is a
 * row of the {@code deliveries} table, so the console's messages and user pages on Google Cloud
 * show how far a message got. The row goes to BigQuery first; the document's status only moves
 * forward and keeps the first time of each status ({@link FirestoreSentMessages#progress}), so a
 * redelivery of either is harmless.
 */
final class SentMessageStatusWarehouse implements Warehouse {
  private final Warehouse warehouse;
  private final FirestoreSentMessages sent;

  SentMessageStatusWarehouse(Warehouse warehouse, FirestoreSentMessages sent) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.sent = Objects.requireNonNull(sent, "sent");
  }

  @Override
  public void append(Table table, List<Map<String, Object>> rows) {
    warehouse.append(table, rows);
    if (table == Table.DELIVERIES) {
      for (Map<String, Object> row : rows) {
        sent.progress(
            (String) row.get("outbound_id"), (String) row.get("status"), (Instant) row.get("at"));
      }
    }
  }
}

package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllRequest.RowToInsert;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.TableId;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Warehouse} on BigQuery through streaming inserts ({@code tabledata.insertAll}), each row
 * with the insertId made of its {@link Table#key()} values, so that BigQuery drops a retried row it
 * saw within about a minute (best effort: a row retried later can land twice, so views count
 * distinct keys).
 *
 * <p>Why streaming inserts and not the Storage Write API. List prices: streaming inserts $0.01 per
 * 200 MB ($0.05/GB, each row billed at 1 KB at least); Storage Write API $0.025/GB with the first 2
 * TB a month free. The high-volume table, events, does not come through here: a Pub/Sub BigQuery
 * subscription writes it without code (see {@link #LANDED_BY_SUBSCRIPTION}). What does (decisions,
 * messages, deliveries, snapshots, quarantine) is a few rows per user per day, mostly under 1 KB:
 * 10 M rows a day bill 300 GB a month, $15. The Write API would make that $0 but: its default
 * stream is at-least-once with no deduplication, which breaks this port's "a retried row is
 * ignored" unless every call opens a committed stream with offsets (a stream per short-lived
 * function invocation, against a CreateWriteStream quota); it needs protobuf descriptors per table;
 * and it is gRPC only, so its tests could not check the wire format against a stub. Switch when the
 * bill reaches ~1 TB a month of billed rows ($50), or move these tables to Pub/Sub BigQuery
 * subscriptions like events.
 *
 * <p>Rows go in requests of at most {@value #MAX_ROWS} rows (Google's recommendation) and about
 * {@value #MAX_BYTES} bytes (the limit is 10 MB; profile snapshots carry the profile's JSON).
 */
final class BigQueryWarehouse implements Warehouse {
  static final int MAX_ROWS = 500;
  static final int MAX_BYTES = 5_000_000;

  /** Per-row reasons a retry may cure; "stopped" rows were fine but held back by an invalid one. */
  private static final Set<String> TRANSIENT_REASONS =
      Set.of("backendError", "internalError", "timeout", "rateLimitExceeded", "quotaExceeded");

  /**
   * Tables whose rows reach BigQuery without this adapter: the Pub/Sub BigQuery subscription of the
   * {@code events} topic lands every batch in {@code events_raw}, and an hourly scheduled query
   * appends them to {@code events} ({@code bigquery/landing/}). Streaming the same events here
   * would land them twice and pay twice for them, so appends to these tables are already done when
   * called.
   */
  static final Set<Table> LANDED_BY_SUBSCRIPTION = EnumSet.of(Table.EVENTS);

  private final BigQuery bigQuery;
  private final String dataset;

  BigQueryWarehouse(BigQuery bigQuery, String dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
  }

  /**
   * @throws TransientFailure when BigQuery or a row failed in a way a retry may cure
   * @throws IllegalArgumentException when BigQuery refused a row as invalid
   */
  @Override
  public void append(Table table, List<Map<String, Object>> rows) {
    if (LANDED_BY_SUBSCRIPTION.contains(table)) {
      return;
    }
    TableId tableId = TableId.of(dataset, table.tableName());
    List<RowToInsert> chunk = new ArrayList<>();
    int chunkBytes = 0;
    for (Map<String, Object> row : rows) {
      RowToInsert insert = toInsert(table, row);
      int bytes = estimatedBytes(insert);
      if (!chunk.isEmpty() && (chunk.size() == MAX_ROWS || chunkBytes + bytes > MAX_BYTES)) {
        insert(tableId, chunk);
        chunk = new ArrayList<>();
        chunkBytes = 0;
      }
      chunk.add(insert);
      chunkBytes += bytes;
    }
    if (!chunk.isEmpty()) {
      insert(tableId, chunk);
    }
  }

  private void insert(TableId tableId, List<RowToInsert> rows) {
    InsertAllResponse response;
    try {
      response = bigQuery.insertAll(InsertAllRequest.newBuilder(tableId).setRows(rows).build());
    } catch (BigQueryException e) {
      if (isTransient(e)) {
        throw new TransientFailure(
            "streaming " + rows.size() + " rows into " + tableId.getTable() + " failed", e);
      }
      throw e;
    }
    if (response.hasErrors()) {
      throw rowErrors(tableId, rows, response.getInsertErrors());
    }
  }

  /** Whether a retry may cure a BigQuery failure: retryable, rate-limited (429) or a 5xx. */
  static boolean isTransient(BigQueryException e) {
    return e.isRetryable() || e.getCode() == 429 || e.getCode() >= 500;
  }

  private static RuntimeException rowErrors(
      TableId tableId, List<RowToInsert> rows, Map<Long, List<BigQueryError>> errors) {
    String detail =
        errors.entrySet().stream()
            .limit(5)
            .map(
                e ->
                    rows.get(e.getKey().intValue()).getId()
                        + ": "
                        + e.getValue().stream()
                            .map(BigQueryError::getReason)
                            .collect(Collectors.joining(",")))
            .collect(Collectors.joining("; "));
    String message =
        errors.size()
            + " of "
            + rows.size()
            + " rows refused by "
            + tableId.getTable()
            + " ("
            + detail
            + ")";
    boolean allTransient =
        errors.values().stream()
            .flatMap(List::stream)
            .map(BigQueryError::getReason)
            .allMatch(TRANSIENT_REASONS::contains);
    return allTransient ? new TransientFailure(message) : new IllegalArgumentException(message);
  }

  /**
   * The insertAll row of a warehouse row: nulls left out (the column's NULL), instants as
   * microsecond timestamps, and the insertId from the table's key columns.
   *
   * @throws IllegalArgumentException when a key column is missing or a value has no BigQuery type
   */
  static RowToInsert toInsert(Table table, Map<String, Object> row) {
    Map<String, Object> json = new LinkedHashMap<>();
    row.forEach(
        (column, value) -> {
          if (value != null) {
            json.put(column, bigQueryValue(column, value));
          }
        });
    List<String> key = new ArrayList<>(table.key().size());
    for (String column : table.key()) {
      Object value = json.get(column);
      if (value == null) {
        throw new IllegalArgumentException(
            table.tableName() + " row lacks its key column " + column);
      }
      key.add(value.toString());
    }
    return RowToInsert.of(DocumentIds.join(key), json);
  }

  private static Object bigQueryValue(String column, Object value) {
    if (value instanceof Instant instant) {
      return timestamp(instant);
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof String
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        "column "
            + column
            + " holds a "
            + value.getClass().getSimpleName()
            + ", which has no BigQuery type here");
  }

  /** BigQuery keeps microseconds; the canonical text form with a T and a Z is accepted. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).toString();
  }

  private static int estimatedBytes(RowToInsert row) {
    int bytes = row.getId().length() + 32;
    for (Map.Entry<String, Object> e : row.getContent().entrySet()) {
      bytes += e.getKey().length() + String.valueOf(e.getValue()).length() + 8;
    }
    return bytes;
  }
}

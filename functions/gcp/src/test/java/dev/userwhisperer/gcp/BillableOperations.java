package dev.userwhisperer.gcp;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The billable operations of a cost count, per stage: what the meters at the clients' boundary
 * ({@link FirestoreMeter}, {@link PubSubMeter}, the BigQuery stub's listener) and the driver of
 * {@link CostCount} saw. The stage is the one whose invocation is running: the driver runs one
 * invocation at a time, and a client call is counted for the stage current when it started.
 */
final class BillableOperations {
  enum Counter {
    INVOCATIONS,
    CPU_NANOS,
    FIRESTORE_READS,
    FIRESTORE_WRITES,
    FIRESTORE_DELETES,
    PUBLISH_REQUESTS,
    PUBLISHED_MESSAGES,
    /** Per request the sum of the messages' sizes, at least 1,000 bytes. */
    PUBLISHED_BILLABLE_BYTES,
    DELIVERED_MESSAGES,
    /** Eventarc pushes one message per request: each at least 1,000 bytes. */
    DELIVERED_BILLABLE_BYTES,
    /** Messages of {@code events} landed by the BigQuery subscription. */
    BIGQUERY_SUBSCRIPTION_BYTES,
    STREAMED_ROWS,
    /** The rows' JSON, as the Storage Write API would bill it. */
    STREAMED_BYTES,
    /** The rows' JSON with insertAll's 1 KB minimum per row. */
    STREAMED_BILLED_BYTES,
    MODEL_CALLS
  }

  static final String OTHER = "other";

  /**
   * The analyze pull worker ({@link PullWorkerCount}): its streaming pull is counted here whatever
   * stage is current, and its CPU is billed per instance rather than per invocation.
   */
  static final String PULL_WORKER = "analyze (pull worker)";

  private volatile String stage = OTHER;
  private final Map<String, Map<Counter, LongAdder>> counts = new ConcurrentHashMap<>();

  String stage() {
    return stage;
  }

  void stage(String stage) {
    this.stage = stage;
  }

  void add(String stage, Counter counter, long amount) {
    counts
        .computeIfAbsent(stage, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(counter, c -> new LongAdder())
        .add(amount);
  }

  void add(Counter counter, long amount) {
    add(stage, counter, amount);
  }

  void reset() {
    counts.clear();
    stage = OTHER;
  }

  /** Per stage (sorted), every counter (zero when nothing was counted). */
  Map<String, Map<Counter, Long>> snapshot() {
    Map<String, Map<Counter, Long>> copy = new TreeMap<>();
    counts.forEach(
        (stage, byCounter) -> {
          Map<Counter, Long> values = new EnumMap<>(Counter.class);
          for (Counter c : Counter.values()) {
            LongAdder adder = byCounter.get(c);
            values.put(c, adder == null ? 0L : adder.sum());
          }
          copy.put(stage, values);
        });
    return copy;
  }
}

package dev.userwhisperer.core.port;

import java.util.List;

/** The warehouse tables, named as in {@code bigquery/}; {@code key} columns identify a row. */
public enum Table {
  EVENTS("events", List.of("app_id", "message_id")),
  QUARANTINED_EVENTS("quarantined_events", List.of("app_id", "quarantine_id")),
  PROFILE_SNAPSHOTS("profile_snapshots", List.of("app_id", "user_id", "snapshot_at")),
  DECISIONS("decisions", List.of("app_id", "decision_id")),
  DECISION_FEATURES("decision_features", List.of("app_id", "decision_id")),
  MESSAGES("messages", List.of("app_id", "outbound_id")),
  DELIVERIES("deliveries", List.of("app_id", "outbound_id", "status")),
  /**
   * Erased users whose rows every dashboard view leaves out, until a DML delete has removed them
   * (BigQuery's streaming buffer refuses deletes for a while); locally rows are deleted at once.
   */
  ERASED_USERS("erased_users", List.of("app_id", "user_id", "erasure_id"));

  private final String tableName;
  private final List<String> key;

  Table(String tableName, List<String> key) {
    this.tableName = tableName;
    this.key = key;
  }

  public String tableName() {
    return tableName;
  }

  public List<String> key() {
    return key;
  }
}

package dev.userwhisperer.core.port;

import java.util.List;

/** The append-only record of admin actions. */
public interface AuditLog {
  /** Appends the entry; its {@code seq} is ignored and assigned by the log. */
  void append(AuditEntry entry);

  /**
   * The newest entries first.
   *
   * @param appId only this app's, or every app's when null
   * @param limit at most this many
   */
  List<AuditEntry> list(String appId, int limit);
}

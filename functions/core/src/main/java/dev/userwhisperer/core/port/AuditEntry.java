package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One admin action, as the audit log keeps it: never a key, only its public id.
 *
 * @param seq the log's own order, assigned when appended (0 before)
 * @param actor who acted: {@code admin-token}, with the name the caller gave in {@code X-Actor}
 * @param action e.g. {@code app.create}, {@code key.rotate}
 * @param appId the app acted on
 * @param keyId the key acted on, or null
 * @param details what else was decided (kind, scopes, overlap, ...), never a secret
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String action,
    String appId,
    String keyId,
    Map<String, Object> details) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(appId, "appId");
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}

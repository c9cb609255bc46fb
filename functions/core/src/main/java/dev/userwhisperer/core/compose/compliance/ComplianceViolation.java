package dev.userwhisperer.core.compose.compliance;

import java.util.Objects;

/** A rule a message broke, with what broke it (never the personal data itself). */
public record ComplianceViolation(ComplianceRule rule, String detail) {
  public ComplianceViolation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(detail, "detail");
  }
}

package dev.userwhisperer.local.console;

import dev.userwhisperer.core.port.Violation;
import java.util.List;

/**
 * The configuration page's form: the document being edited, the violations that refused it (each
 * with its JSON pointer), the version just saved, and the versions stored.
 */
public record ConfigForm(
    String document, List<Violation> violations, Long saved, List<Version> versions) {
  public ConfigForm {
    violations = List.copyOf(violations);
    versions = List.copyOf(versions);
  }

  public record Version(long version, String savedAt) {}
}

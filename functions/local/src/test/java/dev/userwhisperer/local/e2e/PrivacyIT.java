package dev.userwhisperer.local.e2e;

import java.util.List;

/** The privacy scenario on the embedded backend: its stores are the SQLite file, searched whole. */
class PrivacyIT extends PrivacyScenario {
  @Override
  List<String> backendDocuments() {
    return List.of();
  }
}

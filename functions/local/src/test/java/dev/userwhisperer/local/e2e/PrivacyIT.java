package dev.userwhisperer.local.e2e;

/** The privacy scenario on the embedded backend: its stores are the SQLite file and DuckDB. */
class PrivacyIT extends PrivacyScenario {}

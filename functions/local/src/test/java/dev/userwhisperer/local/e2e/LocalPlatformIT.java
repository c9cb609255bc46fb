package dev.userwhisperer.local.e2e;

/** The end-to-end scenario on the default, embedded backend (SQLite bus and stores). */
class LocalPlatformIT extends LocalPlatformScenario {}

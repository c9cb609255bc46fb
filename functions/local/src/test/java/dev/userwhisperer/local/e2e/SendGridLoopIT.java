package dev.userwhisperer.local.e2e;

/** The SendGrid loop on the default, embedded backend (SQLite bus and stores). */
class SendGridLoopIT extends SendGridLoopScenario {}

package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import java.util.concurrent.atomic.AtomicInteger;

/** The running Firestore emulator. */
public record FirestoreEmulator(String hostPort) {
  private static final AtomicInteger PROJECTS = new AtomicInteger();

  /** A client of a project of its own, so that each test starts from an empty database. */
  Firestore newFirestore() {
    return FirestoreClients.of("whisperer-test-" + PROJECTS.incrementAndGet(), hostPort);
  }
}

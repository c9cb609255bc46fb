package dev.userwhisperer.local.e2e;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.GcpEmulators;
import dev.userwhisperer.gcp.PubSubEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The privacy scenario on the Pub/Sub and Firestore emulators, in a project of its own: after the
 * erasure, every document of the project (every collection, every subcollection, read whole) is
 * searched for the user, beside the SQLite file and the warehouse.
 */
@ExtendWith(GcpEmulators.class)
@DirtiesContext
class PrivacyOnEmulatorsIT extends PrivacyScenario {
  private static final AtomicReference<String> PUBSUB = new AtomicReference<>();
  private static final AtomicReference<String> FIRESTORE = new AtomicReference<>();

  @Autowired Firestore firestore;

  @BeforeAll
  static void emulators(PubSubEmulator pubSub, FirestoreEmulator emulator) {
    PUBSUB.set(pubSub.hostPort());
    FIRESTORE.set(emulator.hostPort());
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    registry.add("whisperer.backend", () -> "emulators");
    registry.add("whisperer.pubsub-emulator-host", PUBSUB::get);
    registry.add("whisperer.firestore-emulator-host", FIRESTORE::get);
    registry.add(
        "whisperer.gcp-project", () -> "whisperer-privacy-" + ProcessHandle.current().pid());
  }

  @Override
  List<String> backendDocuments() {
    List<String> documents = new ArrayList<>();
    firestore.listCollections().forEach(c -> collect(c, documents));
    return documents;
  }

  private void collect(CollectionReference collection, List<String> documents) {
    for (DocumentReference document : collection.listDocuments()) {
      try {
        DocumentSnapshot snapshot = document.get().get();
        documents.add(document.getPath() + " " + (snapshot.exists() ? snapshot.getData() : ""));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
      document.listCollections().forEach(c -> collect(c, documents));
    }
  }
}

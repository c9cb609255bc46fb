package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.testing.AppsStoresContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The apps, the audit log and the keys by app of the admin API on the Firestore emulator. */
@ExtendWith(GcpEmulators.class)
class FirestoreAppStoreIT extends AppsStoresContract {
  private final FirestoreEmulator emulator;
  private final List<Firestore> clients = new ArrayList<>();

  FirestoreAppStoreIT(FirestoreEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected Stores stores() {
    Firestore firestore = emulator.newFirestore();
    clients.add(firestore);
    return new Stores(
        new FirestoreAppStore(firestore),
        new FirestoreAuditLog(firestore),
        new FirestoreApiKeyStore(firestore));
  }

  @AfterEach
  void close() throws Exception {
    for (Firestore firestore : clients) {
      firestore.close();
    }
  }
}

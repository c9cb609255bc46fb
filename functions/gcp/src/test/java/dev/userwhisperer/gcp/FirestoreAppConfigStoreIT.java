package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.testing.AppConfigStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreAppConfigStoreIT extends AppConfigStoreContract {
  private final FirestoreEmulator emulator;
  private final List<Firestore> clients = new ArrayList<>();

  FirestoreAppConfigStoreIT(FirestoreEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected AppConfigStore store() {
    Firestore firestore = emulator.newFirestore();
    clients.add(firestore);
    return new FirestoreAppConfigStore(firestore);
  }

  @AfterEach
  void close() throws Exception {
    for (Firestore firestore : clients) {
      firestore.close();
    }
  }
}

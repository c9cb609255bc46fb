package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.testing.UpliftTableStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreUpliftTableStoreIT extends UpliftTableStoreContract {
  private final FirestoreEmulator emulator;
  private final List<Firestore> clients = new ArrayList<>();

  FirestoreUpliftTableStoreIT(FirestoreEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected UpliftTableStore store() {
    Firestore firestore = emulator.newFirestore();
    clients.add(firestore);
    return new FirestoreUpliftTableStore(firestore);
  }

  @AfterEach
  void close() throws Exception {
    for (Firestore firestore : clients) {
      firestore.close();
    }
  }
}

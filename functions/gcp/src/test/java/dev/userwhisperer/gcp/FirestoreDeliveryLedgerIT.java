package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.testing.DeliveryLedgerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreDeliveryLedgerIT extends DeliveryLedgerContract {
  private final Firestore firestore;

  FirestoreDeliveryLedgerIT(FirestoreEmulator emulator) {
    firestore = emulator.newFirestore();
  }

  @AfterEach
  void close() throws Exception {
    firestore.close();
  }

  @Override
  protected DeliveryLedger ledger() {
    return new FirestoreDeliveryLedger(firestore);
  }
}

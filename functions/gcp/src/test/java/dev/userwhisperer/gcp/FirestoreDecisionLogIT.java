package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.testing.DecisionLogContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreDecisionLogIT extends DecisionLogContract {
  private final Firestore firestore;
  private final FirestoreDecisionLog log;

  FirestoreDecisionLogIT(FirestoreEmulator emulator) {
    firestore = emulator.newFirestore();
    log = new FirestoreDecisionLog(firestore);
  }

  @AfterEach
  void close() throws Exception {
    firestore.close();
  }

  @Override
  protected DecisionLog log() {
    return log;
  }
}

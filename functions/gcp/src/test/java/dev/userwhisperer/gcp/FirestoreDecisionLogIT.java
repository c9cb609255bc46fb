package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.testing.DecisionLogContract;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreDecisionLogIT extends DecisionLogContract {
  private final Firestore firestore;
  private final FirestoreDecisionLog log;

  FirestoreDecisionLogIT(Firestore firestore) {
    this.firestore = firestore;
    log = new FirestoreDecisionLog(firestore);
  }

  @Override
  protected DecisionLog log() {
    return log;
  }
}

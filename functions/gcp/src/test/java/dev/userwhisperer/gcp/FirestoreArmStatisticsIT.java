package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.testing.ArmStatisticsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreArmStatisticsIT extends ArmStatisticsContract {
  private final Firestore firestore;

  FirestoreArmStatisticsIT(FirestoreEmulator emulator) {
    firestore = emulator.newFirestore();
  }

  @AfterEach
  void close() throws Exception {
    firestore.close();
  }

  @Override
  protected ArmStatistics statistics() {
    return new FirestoreArmStatistics(firestore);
  }
}

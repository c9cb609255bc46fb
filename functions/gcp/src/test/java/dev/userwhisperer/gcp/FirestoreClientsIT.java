package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.profile.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreClientsIT {

  @Test
  void namedDatabaseIsSeparateFromTheDefaultOne(FirestoreEmulator emulator) throws Exception {
    try (Firestore defaultDb = FirestoreClients.of("whisperer-db-test", null, emulator.hostPort());
        Firestore named =
            FirestoreClients.of("whisperer-db-test", "whisperer", emulator.hostPort())) {
      new FirestoreProfileStore(named).update("app-1", "user-1", p -> p);

      assertThat(new FirestoreProfileStore(named).find("app-1", "user-1"))
          .contains(Profile.empty("app-1", "user-1"));
      assertThat(new FirestoreProfileStore(defaultDb).find("app-1", "user-1")).isEmpty();
    }
  }
}

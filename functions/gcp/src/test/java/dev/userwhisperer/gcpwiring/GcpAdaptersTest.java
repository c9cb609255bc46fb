package dev.userwhisperer.gcpwiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.gcp.BigQueryClients;
import dev.userwhisperer.gcp.FirestoreClients;
import dev.userwhisperer.gcp.GcpAdapters;
import dev.userwhisperer.gcp.PubSubClients;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Wiring in another package can build every adapter from the public clients alone. */
class GcpAdaptersTest {

  @Test
  void everyPortHasAnAdapterBuiltFromPublicClients() throws Exception {
    try (PubSubClients pubSub = PubSubClients.of("p", "127.0.0.1:1");
        Firestore firestore = FirestoreClients.of("p", "127.0.0.1:1")) {
      BigQuery bigQuery = BigQueryClients.of("p", "http://127.0.0.1:1");
      EventBus bus = GcpAdapters.eventBus(pubSub);

      assertThat(bus).isInstanceOf(AutoCloseable.class);
      assertThat(GcpAdapters.profileStore(firestore)).isNotNull();
      assertThat(GcpAdapters.decisionLog(firestore)).isNotNull();
      assertThat(GcpAdapters.armStatistics(firestore)).isNotNull();
      assertThat(GcpAdapters.ingestDedup(firestore, Clock.systemUTC())).isNotNull();
      assertThat(GcpAdapters.apiKeyStore(firestore)).isNotNull();
      assertThat(GcpAdapters.quarantine(firestore)).isNotNull();
      assertThat(GcpAdapters.warehouse(bigQuery, "whisperer")).isNotNull();
      ((AutoCloseable) bus).close();
    }
  }
}

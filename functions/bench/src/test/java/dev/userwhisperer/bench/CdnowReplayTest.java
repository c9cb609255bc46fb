package dev.userwhisperer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowReplayTest {
  @TempDir Path dir;

  @Test
  void eachCustomerSignsUpAtTheFirstPurchaseAndEveryPurchaseIsAPaymentInEventTimeOrder()
      throws Exception {
    Path log = dir.resolve("CDNOW_master.txt");
    Files.writeString(
        log,
        """
         customer_id  date number_of_cds  dollar_value
         00002 19970112  1   12.00
         00001 19970101  1   11.77
         00002 19970101  2   20.50
        """);

    List<String> events = CdnowReplay.events(CdnowReplay.read(log));

    assertThat(events).hasSize(5);
    assertThat(events.get(0))
        .contains("\"type\":\"user_signup\"", "cdnow-00001", "1997-01-01T12:00:00Z");
    assertThat(events.get(1))
        .contains("\"type\":\"payment_succeeded\"", "\"revenue\":11.77", "\"quantity\":1");
    assertThat(events.get(2))
        .contains("\"type\":\"user_signup\"", "cdnow-00002", "1997-01-01T12:00:00Z");
    assertThat(events.get(3)).contains("cdnow-line-4", "\"revenue\":20.50");
    assertThat(events.get(4)).contains("cdnow-line-2", "1997-01-12T12:00:00Z");
  }

  @Test
  void messageIdsComeFromTheDataSoAReplayIsIdempotent() throws Exception {
    Path log = dir.resolve("CDNOW_master.txt");
    Files.writeString(
        log, " customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n");

    assertThat(CdnowReplay.events(CdnowReplay.read(log)))
        .isEqualTo(CdnowReplay.events(CdnowReplay.read(log)));
  }

  @Test
  void theProgressBarFillsInProportion() {
    assertThat(CdnowReplay.bar(50, 100))
        .contains("#".repeat(20) + " ".repeat(20))
        .endsWith("50 / 100 events");
  }
}

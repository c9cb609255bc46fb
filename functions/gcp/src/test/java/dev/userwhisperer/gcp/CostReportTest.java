package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.gcp.BillableOperations.Counter;
import dev.userwhisperer.gcp.CostReport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostReportTest {

  @Test
  void aMillionEventsWithOneInvocationReadAndWriteEachCostTheirListPrices() {
    Map<Counter, Long> analyze = new EnumMap<>(Counter.class);
    analyze.put(Counter.INVOCATIONS, 1_000_000L);
    analyze.put(Counter.FIRESTORE_READS, 1_000_000L);
    analyze.put(Counter.FIRESTORE_WRITES, 1_000_000L);
    Run run = new Run("t", "shape", 1_000_000, 10_000, Map.of("analyze", analyze));

    CostReport.Dollars dollars = CostReport.total(run, PriceList.LIST).perMillion(run.events());

    assertThat(dollars.functions()).isCloseTo(0.40, within(1e-9));
    assertThat(dollars.firestore()).isCloseTo(0.60 + 1.80, within(1e-9));
    assertThat(dollars.total()).isCloseTo(2.80, within(1e-9));
  }

  @Test
  void cpuIsBilledAsVcpuSecondsPlusTheStagesMemory() {
    Map<Counter, Long> analyze = Map.of(Counter.CPU_NANOS, 1_000_000_000_000L); // 1,000 s
    Map<Counter, Long> decide = Map.of(Counter.CPU_NANOS, 1_000_000_000_000L);

    assertThat(CostReport.price("analyze", analyze, PriceList.LIST).functions())
        .isCloseTo(1000 * (0.000024 + 1.0 * 0.0000025), within(1e-12));
    assertThat(CostReport.price("decide", decide, PriceList.LIST).functions())
        .isCloseTo(1000 * (0.000024 + 0.5 * 0.0000025), within(1e-12));
  }

  @Test
  void aPubSubMessageIsBilledForDataAttributesKeyAndTimestamp() {
    PubsubMessage message =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFromUtf8("0123456789"))
            .putAttributes("id", "abc")
            .setOrderingKey("app/user")
            .build();

    assertThat(PubSubMeter.size(message)).isEqualTo(10 + 2 + 3 + 8 + 20);
  }

  @Test
  void aRunReplacesOnlyTheRowsOfItsLabelAndTheTableSaysWhetherTheTargetIsMet(@TempDir Path dir)
      throws Exception {
    Path tsv = dir.resolve("counts.tsv");
    Map<String, Map<Counter, Long>> cheap =
        Map.of("analyze", new EnumMap<>(Map.of(Counter.INVOCATIONS, 100L)));
    Map<String, Map<Counter, Long>> dear =
        Map.of("analyze", new EnumMap<>(Map.of(Counter.FIRESTORE_WRITES, 1_000L)));
    CostReport.write(tsv, List.of(new Run("before", "s", 1_000, 10, dear)));
    CostReport.write(tsv, List.of(new Run("after", "s", 1_000, 10, dear)));
    CostReport.write(tsv, List.of(new Run("after", "s", 1_000, 10, cheap)));

    List<Run> runs = CostReport.read(tsv);
    String table = CostReport.render(runs, PriceList.LIST, Map.of("s", 1.00));

    assertThat(runs).extracting(Run::label).containsExactly("before", "after");
    assertThat(table).contains("| before | s | 1,000 | 10 |").contains("**1.800** | 1.00 missed");
    assertThat(table).contains("**0.040** | 1.00 met");
    Path doc = dir.resolve("cost.md");
    Files.writeString(doc, "# Cost\n");
    CostReport.regenerate(doc, table);
    CostReport.regenerate(doc, table);
    assertThat(Files.readString(doc).split(CostReport.BEGIN, -1)).hasSize(2);
  }
}

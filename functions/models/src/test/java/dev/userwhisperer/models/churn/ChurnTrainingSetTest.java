package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.models.PlatformExample;
import dev.userwhisperer.models.WarehouseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChurnTrainingSetTest {
  private static final Instant TODAY = ChurnHistories.START.plus(Duration.ofDays(75));

  @Test
  void theRowsAtEveryCutoffAreThoseOfFoldingEachUserFromScratchAtIt() {
    List<WarehouseEvent> events = ChurnHistories.history(120, 75, 0.5, true, 11);
    List<Instant> cutoffs = ChurnHistories.cutoffs(TODAY);

    List<List<PlatformExample>> rows =
        new ChurnTrainingSet(ChurnHistories.FEATURES).rows(events, cutoffs);

    assertThat(rows).hasSize(cutoffs.size());
    for (int c = 0; c < cutoffs.size(); c++) {
      List<PlatformExample> expected = ChurnHistories.fromScratch(events, cutoffs.get(c));
      assertThat(expected).as("rows at %s", cutoffs.get(c)).hasSizeGreaterThan(20);
      assertThat(rows.get(c)).as("rows at %s", cutoffs.get(c)).isEqualTo(expected);
    }
  }

  @Test
  void theRowsDoNotDependOnTheOrderTheWarehouseGivesTheEventsIn() {
    List<WarehouseEvent> events = new ArrayList<>(ChurnHistories.history(60, 75, 0.5, true, 5));
    Collections.shuffle(events, new Random(3));
    List<Instant> cutoffs = ChurnHistories.cutoffs(TODAY);

    List<List<PlatformExample>> rows =
        new ChurnTrainingSet(ChurnHistories.FEATURES).rows(events, cutoffs);

    for (int c = 0; c < cutoffs.size(); c++) {
      assertThat(rows.get(c))
          .as("rows at %s", cutoffs.get(c))
          .isEqualTo(ChurnHistories.fromScratch(events, cutoffs.get(c)));
    }
  }
}

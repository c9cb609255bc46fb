package dev.userwhisperer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.bench.EventBatches.MessageIds;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventBatchesTest {
  private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

  @Test
  void uuidIdsAreRandomVersionFourUuidsUnrelatedToTheWorkerOrTheSequence() {
    List<String> ids = new ArrayList<>();
    ids.addAll(messageIds(EventBatches.batch("run1", 0, 0, 100, 10, MessageIds.UUID)));
    ids.addAll(messageIds(EventBatches.batch("run1", 0, 1, 100, 10, MessageIds.UUID)));

    assertThat(ids).hasSize(200).doesNotHaveDuplicates();
    assertThat(ids).allSatisfy(id -> assertThat(id).doesNotContain("run1"));
    assertThat(ids.stream().map(UUID::fromString))
        .allSatisfy(
            uuid -> {
              assertThat(uuid.version()).isEqualTo(4);
              assertThat(uuid.variant()).isEqualTo(2);
            });
    // random, not counting up: about half of the neighbours are in descending order
    long descending = 0;
    for (int i = 1; i < ids.size(); i++) {
      if (ids.get(i).compareTo(ids.get(i - 1)) < 0) {
        descending++;
      }
    }
    assertThat(descending).isBetween(50L, 150L);
  }

  @Test
  void sequentialIdsCountUpPerWorkerUnderTheRunId() {
    assertThat(messageIds(EventBatches.batch("run1", 3, 2, 2, 10, MessageIds.SEQUENTIAL)))
        .containsExactly("run1-3-4", "run1-3-5");
  }

  @Test
  void theIdsOptionNamesTheKindCaseInsensitively() {
    assertThat(MessageIds.parse("uuid")).isEqualTo(MessageIds.UUID);
    assertThat(MessageIds.parse("Sequential")).isEqualTo(MessageIds.SEQUENTIAL);
  }

  private static List<String> messageIds(String body) {
    List<String> ids = new ArrayList<>();
    Matcher m = MESSAGE_ID.matcher(body);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}

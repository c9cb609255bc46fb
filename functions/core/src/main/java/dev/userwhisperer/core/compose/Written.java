package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.message.Provenance;
import java.util.Objects;

/**
 * What a {@link ContentWriter} wrote, and what it cost.
 *
 * @param writer the writer's name, e.g. {@value Provenance#TEMPLATE}
 */
public record Written(Draft draft, String writer, int inputTokens, int outputTokens) {
  public Written {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(writer, "writer");
  }
}

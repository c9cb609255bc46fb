package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.message.Provenance;
import java.util.Objects;

/**
 * The copy compose will send, with how it was obtained.
 *
 * @param fallbackReason why the templates wrote it instead of the configured writer, or null
 * @param cached reused from an earlier request with the same {@link ContentRequest#cacheKey()}: its
 *     tokens were spent then, not now
 */
public record Authored(Written written, String fallbackReason, boolean cached) {
  public Authored {
    Objects.requireNonNull(written, "written");
  }

  public Provenance provenance(long configVersion) {
    return cached
        ? new Provenance(configVersion, written.writer(), fallbackReason, true, 0, 0)
        : new Provenance(
            configVersion,
            written.writer(),
            fallbackReason,
            false,
            written.inputTokens(),
            written.outputTokens());
  }
}

package dev.userwhisperer.core.message;

import java.util.Objects;

/**
 * How a message's copy came to be: what an analyst needs to compare writers and to price them.
 *
 * @param configVersion the app configuration version it was written from (0: the built-in one)
 * @param writer who wrote the copy: {@value #TEMPLATE}, or an LLM writer's name ({@code gemini},
 *     {@code openai})
 * @param fallbackReason why the template stands in for the configured writer (e.g. {@code timeout},
 *     {@code http_429}, {@code schema_violation}), null when it does not
 * @param cached whether the copy was reused from an earlier message of the same situation
 * @param inputTokens prompt tokens the writer spent on this message (0 for templates and reuse)
 * @param outputTokens response tokens the writer spent on this message
 */
public record Provenance(
    long configVersion,
    String writer,
    String fallbackReason,
    boolean cached,
    int inputTokens,
    int outputTokens) {
  public static final String TEMPLATE = "template";

  /** What a version 1 message, written before provenance was recorded, reads as. */
  public static final Provenance BEFORE_RECORDING = new Provenance(0, TEMPLATE, null, false, 0, 0);

  public Provenance {
    Objects.requireNonNull(writer, "writer");
    if (configVersion < 0 || inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("versions and token counts are never negative");
    }
  }

  public static Provenance template(long configVersion) {
    return new Provenance(configVersion, TEMPLATE, null, false, 0, 0);
  }
}

package dev.userwhisperer.core.appconfig;

import java.util.List;

/**
 * The content variants every intervention × channel is written in, which the variant bandit
 * (decide) chooses among per message and an app may pin or retire ({@link
 * AppConfig.InterventionSettings}). What a variant changes is the writer's: the templates' variant
 * {@code b} has its own e-mail subject and push title and an SMS that names the product first; an
 * LLM writer is asked for the angle each variant stands for ({@link #angle}).
 */
public final class ContentVariants {
  /** Every variant, in the order the bandit visits them. */
  public static final List<String> BUILT_IN = List.of("a", "b");

  /** The variant of messages decided before variants existed. */
  public static final String FIRST = "a";

  private ContentVariants() {}

  /** What an LLM writer is asked to do in {@code variant}, in a sentence. */
  public static String angle(String variant) {
    return switch (variant) {
      case "a" -> "Open with what to do next, plainly.";
      case "b" -> "Open with what the user gains, then say what to do.";
      default -> throw new IllegalArgumentException("no content variant '" + variant + "'");
    };
  }
}

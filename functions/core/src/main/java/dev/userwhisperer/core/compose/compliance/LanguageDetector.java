package dev.userwhisperer.core.compose.compliance;

import java.util.List;
import java.util.Optional;

/** Which language a text is written in. */
public interface LanguageDetector {

  /**
   * @param candidates BCP 47 tags the answer is chosen among (the app's languages)
   * @return the primary language subtag detected ({@code pt} for {@code pt-BR}), or empty when the
   *     text is too short or unclear to tell
   */
  Optional<String> detect(String text, List<String> candidates);

  /** A detector that never tells: the language rule then passes every text. */
  LanguageDetector NONE = (text, candidates) -> Optional.empty();
}

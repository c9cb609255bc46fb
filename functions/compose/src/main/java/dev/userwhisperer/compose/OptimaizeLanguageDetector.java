package dev.userwhisperer.compose;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import dev.userwhisperer.core.compose.compliance.LanguageDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compliance gate's language check on Optimaize's n-gram detector, restricted to the app's
 * languages (one detector per set of languages, built once). It answers only for a text of at least
 * {@value #MIN_LETTERS} letters whose likeliest language reaches {@value #MIN_PROBABILITY}: a push
 * notification of a few words is not judged. Seeded, so that a text is always judged the same way.
 */
public final class OptimaizeLanguageDetector implements LanguageDetector {
  static final int MIN_LETTERS = 20;
  static final double MIN_PROBABILITY = 0.8;

  private static final Set<String> PROFILES =
      Set.of(
          "af", "an", "ar", "ast", "be", "bg", "bn", "br", "ca", "cs", "cy", "da", "de", "el", "en",
          "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "ht", "hu", "id",
          "is", "it", "ja", "km", "kn", "ko", "lt", "lv", "mk", "ml", "mr", "ms", "mt", "ne", "nl",
          "no", "oc", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta",
          "te", "th", "tl", "tr", "uk", "ur", "vi", "yi");

  private final Map<Set<String>, com.optimaize.langdetect.LanguageDetector> detectors =
      new ConcurrentHashMap<>();

  @Override
  public Optional<String> detect(String text, List<String> candidates) {
    Set<String> languages = new TreeSet<>();
    for (String tag : candidates) {
      String language = Locale.forLanguageTag(tag).getLanguage();
      if (PROFILES.contains(language)) {
        languages.add(language);
      }
    }
    if (languages.size() < 2
        || text.codePoints().filter(Character::isLetter).count() < MIN_LETTERS) {
      return Optional.empty();
    }
    List<DetectedLanguage> found =
        detectors
            .computeIfAbsent(Set.copyOf(languages), OptimaizeLanguageDetector::build)
            .getProbabilities(text);
    return found.isEmpty() || found.get(0).getProbability() < MIN_PROBABILITY
        ? Optional.empty()
        : Optional.of(found.get(0).getLocale().getLanguage());
  }

  private static com.optimaize.langdetect.LanguageDetector build(Set<String> languages) {
    try {
      return LanguageDetectorBuilder.create(NgramExtractors.standard())
          .withProfiles(
              new LanguageProfileReader()
                  .readBuiltIn(languages.stream().map(LdLocale::fromString).toList()))
          .seed(42L)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the language profiles " + languages, e);
    }
  }
}

package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.appconfig.AppConfig.Languages;
import java.util.Locale;
import java.util.Optional;

/**
 * The language of a user's message: the user's locale if the app offers it ({@code pt-BR}), else
 * its language ({@code pt}, or an offered tag of that language), else the app's default, else
 * {@value #LAST_RESORT}.
 */
public final class LanguageChooser {
  public static final String LAST_RESORT = "en";

  private LanguageChooser() {}

  /**
   * @param locale the user's {@code locale} trait (BCP 47, {@code _} tolerated), possibly null
   */
  public static String choose(String locale, Languages languages) {
    if (locale != null && !locale.isBlank()) {
      Locale wanted = Locale.forLanguageTag(locale.strip().replace('_', '-'));
      Optional<String> exact =
          languages.offered().stream()
              .filter(o -> Locale.forLanguageTag(o).equals(wanted))
              .findFirst();
      if (exact.isPresent()) {
        return exact.get();
      }
      Optional<String> sameLanguage =
          languages.offered().stream()
              .filter(o -> Locale.forLanguageTag(o).getLanguage().equals(wanted.getLanguage()))
              .sorted((a, b) -> Integer.compare(a.length(), b.length()))
              .findFirst();
      if (sameLanguage.isPresent()) {
        return sameLanguage.get();
      }
    }
    return languages.offers(languages.defaultLanguage())
        ? languages.defaultLanguage()
        : LAST_RESORT;
  }
}

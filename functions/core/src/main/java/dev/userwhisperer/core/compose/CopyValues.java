package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfig.Plan;
import java.text.NumberFormat;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The values templates and phrases are rendered with, from the app's configuration and the user's
 * situation: {@code product}, {@code brand} (the product's name, null when the app has not named
 * it), {@code valueLine}, {@code feature} ({@code name}, {@code description}, {@code link}: the
 * first catalogue feature the user has not used, in the request's language when the app translated
 * it), {@code plan} ({@code name}, {@code price} formatted for the language, {@code per}), {@code
 * trialDaysText} ("3 days"), {@code ctaUrl}, and {@code firstName}, which stays the placeholder
 * {@value Draft#FIRST_NAME}. Every key is present; an unknown one is null, which a template tests
 * with a section.
 */
final class CopyValues {
  private CopyValues() {}

  static Map<String, Object> of(ContentRequest request, TemplateBundle bundle) {
    AppConfig config = request.app().config();
    Map<String, Object> values = new HashMap<>();
    values.put(
        "product",
        config.product().name().isBlank()
            ? bundle.phrase("genericProduct", Map.of())
            : config.product().name());
    values.put("brand", config.product().name().isBlank() ? null : config.product().name());
    values.put("valueLine", config.product().valueLine());
    values.put("firstName", Draft.FIRST_NAME);
    Integer days = request.situation().trialDaysLeft();
    values.put(
        "trialDaysText",
        days == null
            ? null
            : days == 1
                ? bundle.phrase("oneDay", Map.of())
                : bundle.phrase("days", Map.of("n", days)));
    values.put(
        "ctaUrl",
        config
            .intervention(request.intervention())
            .map(AppConfig.InterventionSettings::ctaUrl)
            .orElse(null));
    var next =
        request.situation().nextFeature() == null
            ? null
            : request.situation().nextFeature().in(request.language());
    values.put(
        "feature",
        next == null
            ? null
            : mapOf(
                "name", next.name(), "description", next.description(), "link", next.deepLink()));
    Plan plan =
        config.plans().stream()
            .min(
                Comparator.comparing((Plan p) -> "month".equals(p.period()) ? 0 : 1)
                    .thenComparing(Plan::price))
            .orElse(null);
    values.put(
        "plan",
        plan == null
            ? null
            : mapOf(
                "name",
                plan.name(),
                "price",
                price(plan, request.language()),
                "per",
                bundle.phrase("year".equals(plan.period()) ? "perYear" : "perMonth", Map.of())));
    return values;
  }

  static String price(Plan plan, String language) {
    NumberFormat format = NumberFormat.getCurrencyInstance(Locale.forLanguageTag(language));
    format.setCurrency(Currency.getInstance(plan.currency()));
    return format.format(plan.price()).replace('\u00a0', ' ');
  }

  private static Map<String, Object> mapOf(Object... keysAndValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}

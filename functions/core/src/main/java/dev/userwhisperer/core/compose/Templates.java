package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Message templates per intervention × channel × locale, from a JSON document (by default the
 * resource {@value #RESOURCE}). A locale falls back from {@code es-MX} to {@code es} to {@value
 * #DEFAULT_LOCALE}. Placeholders are {@code {{name}}}.
 */
public final class Templates {
  public static final String RESOURCE = "templates/messages.json";
  public static final String DEFAULT_LOCALE = "en";

  private final JsonNode root;

  private Templates(JsonNode root) {
    this.root = root;
  }

  public static Templates fromClasspath() {
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new Templates(Json.tree(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A template found for a request, with the locale it was found in. */
  public record Template(String locale, String subject, String body) {}

  public Optional<Template> find(String intervention, Channel channel, String locale) {
    JsonNode byLocale = root.path("interventions").path(intervention).path(channel.wireName());
    return candidates(locale).stream()
        .filter(byLocale::has)
        .findFirst()
        .map(
            l ->
                new Template(
                    l, text(byLocale.get(l).get("subject")), text(byLocale.get(l).get("body"))));
  }

  /** The e-mail or SMS footer in the locale (or its fallback); empty for push. */
  public String footer(Channel channel, String locale) {
    return localized(root.path("footer").path(channel.wireName()), locale).orElse("");
  }

  public String fallbackFirstName(String locale) {
    return localized(root.path("fallbackFirstName"), locale).orElse("");
  }

  /** Replaces each {@code {{key}}} by its value; unknown placeholders are left as they are. */
  public static String fill(String text, Map<String, String> values) {
    String out = text;
    for (var entry : values.entrySet()) {
      out = out.replace("{{" + entry.getKey() + "}}", entry.getValue());
    }
    return out;
  }

  private Optional<String> localized(JsonNode byLocale, String locale) {
    return candidates(locale).stream()
        .filter(byLocale::has)
        .findFirst()
        .map(l -> byLocale.get(l).asString());
  }

  private static List<String> candidates(String locale) {
    String full =
        Objects.requireNonNullElse(locale, DEFAULT_LOCALE)
            .replace('_', '-')
            .toLowerCase(Locale.ROOT);
    int dash = full.indexOf('-');
    String language = dash < 0 ? full : full.substring(0, dash);
    return Stream.of(full, language, DEFAULT_LOCALE).distinct().toList();
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asString();
  }
}

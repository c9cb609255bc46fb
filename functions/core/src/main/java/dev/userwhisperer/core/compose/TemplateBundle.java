package dev.userwhisperer.core.compose;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.appconfig.ContentVariants;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The built-in copy of one language ({@value #RESOURCE_DIR}{@code <tag>.json}), compiled once: per
 * intervention × channel and {@linkplain ContentVariants content variant} the parts of a {@link
 * Draft} as Mustache templates (a variant other than the first names only the parts it changes),
 * and the phrases the assembler adds around any writer's copy (footers, the SMS opt-out, the
 * greeting used when a user's first name is unknown). Templates render plain text; e-mail HTML is
 * escaped when it is laid out ({@link MessageAssembler}).
 */
public final class TemplateBundle {
  public static final String RESOURCE_DIR = "templates/content/";
  static final List<String> PARTS = List.of("subject", "preheader", "title", "body", "cta");

  private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).nullValue("");

  private final String language;
  private final JsonNode phrases;

  /** Per intervention/channel, per variant, the parts' templates. */
  private final Map<String, Map<String, Map<String, Template>>> templates;

  private TemplateBundle(String language, JsonNode root) {
    this.language = language;
    this.phrases = root.path("phrases");
    this.templates = new HashMap<>();
    root.path("interventions")
        .properties()
        .forEach(
            intervention ->
                intervention
                    .getValue()
                    .properties()
                    .forEach(
                        channel ->
                            templates.put(
                                intervention.getKey() + "/" + channel.getKey(),
                                variants(channel.getValue()))));
  }

  /**
   * The first variant's parts are the channel's own; another variant's are those it names, the rest
   * the first's.
   */
  private static Map<String, Map<String, Template>> variants(JsonNode channel) {
    Map<String, Template> first = parts(channel, Map.of());
    Map<String, Map<String, Template>> variants = new HashMap<>();
    variants.put(ContentVariants.FIRST, first);
    channel
        .path("variants")
        .properties()
        .forEach(v -> variants.put(v.getKey(), parts(v.getValue(), first)));
    return variants;
  }

  private static Map<String, Template> parts(JsonNode node, Map<String, Template> otherwise) {
    Map<String, Template> parts = new LinkedHashMap<>(otherwise);
    for (String part : PARTS) {
      JsonNode text = node.get(part);
      if (text != null) {
        parts.put(part, TEXT.compile(text.asString()));
      }
    }
    return parts;
  }

  /** Every built-in language's bundle, by tag. */
  public static Map<String, TemplateBundle> builtIn() {
    Map<String, TemplateBundle> bundles = new LinkedHashMap<>();
    for (String tag : BuiltInAppConfig.LANGUAGES) {
      bundles.put(tag, load(tag));
    }
    return Map.copyOf(bundles);
  }

  static TemplateBundle load(String tag) {
    String resource = RESOURCE_DIR + tag + ".json";
    try (InputStream in = TemplateBundle.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new TemplateBundle(tag, Json.tree(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bundle for {@code tag}: its own, else one of its language, else English. */
  public static TemplateBundle forLanguage(Map<String, TemplateBundle> bundles, String tag) {
    TemplateBundle exact = bundles.get(tag);
    if (exact != null) {
      return exact;
    }
    String language = Locale.forLanguageTag(tag).getLanguage();
    return bundles.values().stream()
        .filter(b -> Locale.forLanguageTag(b.language).getLanguage().equals(language))
        .findFirst()
        .orElse(bundles.get(LanguageChooser.LAST_RESORT));
  }

  public String language() {
    return language;
  }

  /**
   * Renders the draft of {@code intervention} on {@code channel} in content {@code variant}, if
   * this bundle has one.
   */
  public Optional<Draft> render(
      String intervention, Channel channel, String variant, Map<String, Object> values) {
    Map<String, Map<String, Template>> variants =
        templates.get(intervention + "/" + channel.wireName());
    Map<String, Template> parts = variants == null ? null : variants.get(variant);
    if (parts == null) {
      return Optional.empty();
    }
    Map<String, String> out = new HashMap<>();
    parts.forEach((part, template) -> out.put(part, template.execute(values).strip()));
    return Optional.of(
        new Draft(
            out.get("subject"),
            out.get("preheader"),
            out.get("title"),
            out.get("body"),
            out.get("cta")));
  }

  /** A phrase of the bundle (e.g. {@code genericProduct}), rendered with {@code values}. */
  public String phrase(String name, Map<String, Object> values) {
    JsonNode text = phrases.get(name);
    if (text == null) {
      throw new IllegalStateException("bundle " + language + " has no phrase " + name);
    }
    return TEXT.compile(text.asString()).execute(values);
  }

  /** Every intervention/channel pair this bundle has copy for. */
  public java.util.Set<String> keys() {
    return templates.keySet();
  }

  /** The content variants this bundle has copy of for {@code intervention} on {@code channel}. */
  public java.util.Set<String> variants(String intervention, Channel channel) {
    return templates.getOrDefault(intervention + "/" + channel.wireName(), Map.of()).keySet();
  }
}

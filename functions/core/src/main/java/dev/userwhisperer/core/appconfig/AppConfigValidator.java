package dev.userwhisperer.core.appconfig;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Checks an app configuration document against {@value #SCHEMA_RESOURCE} and against what a schema
 * cannot say: the default language is one of those offered, every link (deep links, call-to-action
 * links) points inside the allowed domains, interventions are those of the catalog, feature and
 * plan keys are unique, only SMS has a segment limit, and an intervention neither pins a variant it
 * retires nor retires every variant. Each {@link Violation} carries the JSON pointer of the
 * offending field in the document.
 */
public final class AppConfigValidator {
  public static final String SCHEMA_RESOURCE = "/schema/app-config.v1.schema.json";

  private static final Map<String, String> CODE_BY_KEYWORD =
      Map.of(
          "required", "missing_field",
          "type", "invalid_type",
          "format", "invalid_format",
          "pattern", "invalid_format",
          "minLength", "invalid_length",
          "maxLength", "invalid_length",
          "additionalProperties", "unknown_field",
          "propertyNames", "unknown_field");

  private static final Schema SCHEMA = compile();

  private final Set<String> interventions;

  /**
   * @param interventions the names of the catalog's interventions, the only keys {@code
   *     interventions} may have
   */
  public AppConfigValidator(Set<String> interventions) {
    this.interventions = Set.copyOf(interventions);
  }

  /** The schema as published at {@code GET /v1/schema/app-config}. */
  public static String schemaText() {
    try (InputStream in = AppConfigValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema compile() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();
    return SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config))
        .getSchema(schemaText());
  }

  /** What {@link #parse} found: the configuration, or why the document is not one. */
  public sealed interface Result permits Valid, Invalid {}

  public record Valid(AppConfig config) implements Result {}

  public record Invalid(List<Violation> violations) implements Result {
    public Invalid {
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("an invalid document has at least one violation");
      }
      violations = List.copyOf(violations);
    }
  }

  /**
   * @param document the bytes as sent
   */
  public Result parse(byte[] document) {
    JsonNode tree;
    try {
      tree = Json.tree(document);
    } catch (Json.MalformedJson e) {
      return new Invalid(List.of(new Violation("malformed_json", "", e.getMessage())));
    }
    if (tree == null || !tree.isObject()) {
      return new Invalid(
          List.of(new Violation("invalid_type", "", "the configuration must be a JSON object")));
    }
    List<Violation> violations = new ArrayList<>();
    for (Error error : SCHEMA.validate(tree)) {
      violations.add(toViolation(error));
    }
    if (!violations.isEmpty()) {
      return new Invalid(violations);
    }
    AppConfig config = Json.mapper().treeToValue(tree, AppConfig.class);
    checkRules(config, violations);
    return violations.isEmpty() ? new Valid(config) : new Invalid(violations);
  }

  private static Violation toViolation(Error error) {
    String keyword = error.getKeyword();
    String at = error.getInstanceLocation().toString();
    if (("required".equals(keyword)
            || "additionalProperties".equals(keyword)
            || "propertyNames".equals(keyword))
        && error.getProperty() != null
        && !at.endsWith("/" + escape(error.getProperty()))) {
      at = at + "/" + escape(error.getProperty());
    }
    return new Violation(
        CODE_BY_KEYWORD.getOrDefault(keyword, "invalid_value"), at, error.getMessage());
  }

  private void checkRules(AppConfig config, List<Violation> violations) {
    var languages = config.languages();
    if (!languages.offers(languages.defaultLanguage())) {
      violations.add(
          new Violation(
              "invalid_value",
              "/languages/defaultLanguage",
              "the default language must be one of languages.offered " + languages.offered()));
    }
    unique(config.features(), AppConfig.Feature::key, "/features", violations);
    unique(config.plans(), AppConfig.Plan::key, "/plans", violations);
    for (int i = 0; i < config.features().size(); i++) {
      checkLink(
          config, config.features().get(i).deepLink(), "/features/" + i + "/deepLink", violations);
    }
    config.interventions().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String pointer = "/interventions/" + escape(e.getKey());
              if (!interventions.contains(e.getKey())) {
                violations.add(
                    new Violation(
                        "unknown_intervention",
                        pointer,
                        "no intervention '" + e.getKey() + "'; known: " + sorted(interventions)));
              }
              checkLink(config, e.getValue().ctaUrl(), pointer + "/ctaUrl", violations);
              checkVariants(e.getValue(), pointer, violations);
            });
    config.channels().entrySet().stream()
        .filter(e -> !"sms".equals(e.getKey()) && e.getValue().maxSmsSegments() != null)
        .forEach(
            e ->
                violations.add(
                    new Violation(
                        "invalid_value",
                        "/channels/" + e.getKey() + "/maxSmsSegments",
                        "only the sms channel has a segment limit")));
  }

  private static void checkVariants(
      AppConfig.InterventionSettings settings, String pointer, List<Violation> violations) {
    List<String> retired = settings.retiredVariants();
    if (settings.pinnedVariant() != null && retired.contains(settings.pinnedVariant())) {
      violations.add(
          new Violation(
              "invalid_value",
              pointer + "/pinnedVariant",
              "variant '" + settings.pinnedVariant() + "' is pinned and retired at once"));
    }
    if (retired.containsAll(ContentVariants.BUILT_IN)) {
      violations.add(
          new Violation(
              "invalid_value",
              pointer + "/retiredVariants",
              "at least one of the variants "
                  + ContentVariants.BUILT_IN
                  + " must stay; turn the intervention off with enabled: false instead"));
    }
  }

  private static <T> void unique(
      List<T> items, Function<T, String> key, String pointer, List<Violation> violations) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      if (!seen.add(key.apply(items.get(i)))) {
        violations.add(
            new Violation(
                "duplicate_key",
                pointer + "/" + i + "/key",
                "key '" + key.apply(items.get(i)) + "' appears twice"));
      }
    }
  }

  private static void checkLink(
      AppConfig config, String link, String pointer, List<Violation> violations) {
    if (link == null) {
      return;
    }
    String host = URI.create(link).getHost();
    if (!LinkDomains.allowed(config.allowedLinkDomains(), host)) {
      violations.add(
          new Violation(
              "link_domain_not_allowed",
              pointer,
              "the link's host '"
                  + host
                  + "' is not within allowedLinkDomains "
                  + config.allowedLinkDomains()));
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}

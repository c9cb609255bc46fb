package dev.userwhisperer.core.appconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigValidator.Invalid;
import dev.userwhisperer.core.appconfig.AppConfigValidator.Valid;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Violation;
import dev.userwhisperer.core.testing.AppConfigs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AppConfigValidatorTest {
  private final AppConfigValidator validator = AppConfigs.validator();

  private static ObjectNode demoTree() {
    return (ObjectNode) Json.tree(BuiltInAppConfig.demoDocument());
  }

  private List<Violation> violations(JsonNode document) {
    return violations(Json.encode(document));
  }

  private List<Violation> violations(byte[] document) {
    var result = validator.parse(document);
    assertThat(result).isInstanceOf(Invalid.class);
    return ((Invalid) result).violations();
  }

  @Test
  void theDemoDocumentIsValidAndReadsIntoTheRecord() {
    var result = validator.parse(BuiltInAppConfig.demoDocument());

    assertThat(result).isInstanceOf(Valid.class);
    AppConfig config = ((Valid) result).config();
    assertThat(config.product().name()).isEqualTo("Tempo");
    assertThat(config.features()).hasSize(4);
    assertThat(config.plans().get(0).price()).isEqualByComparingTo("7.99");
    assertThat(config.languages().offers("pt-br")).isTrue();
    assertThat(config.enabled("feature_tip")).isTrue();
    assertThat(config.channel("sms").orElseThrow().maxSmsSegments()).isEqualTo(2);
  }

  @Test
  void aStoredConfigurationWrittenBackIsValidAgain() {
    byte[] written = Json.encode(AppConfigs.demo());

    assertThat(validator.parse(written)).isEqualTo(new Valid(AppConfigs.demo()));
  }

  @Test
  void anInterventionsGatedExplorationShareReadsIntoTheRecord() {
    ObjectNode root = demoTree();
    set(
        root,
        "/interventions/winback",
        Json.tree(
            "{\"enabled\":true,\"gatedExplorationPercent\":20}".getBytes(StandardCharsets.UTF_8)));

    var result = validator.parse(Json.encode(root));

    assertThat(result).isInstanceOf(Valid.class);
    assertThat(
            ((Valid) result)
                .config()
                .intervention("winback")
                .orElseThrow()
                .gatedExplorationPercent())
        .isEqualTo(20);
  }

  @Test
  void theSmallestDocumentNamesOnlyTheProduct() {
    var result =
        validator.parse("{\"product\":{\"name\":\"Acme\"}}".getBytes(StandardCharsets.UTF_8));

    assertThat(result).isInstanceOf(Valid.class);
    AppConfig config = ((Valid) result).config();
    assertThat(config.languages()).isEqualTo(AppConfig.Languages.ENGLISH);
    assertThat(config.features()).isEmpty();
  }

  @ParameterizedTest(name = "{0} = {1} -> {2} at {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/product/name|\"\"|invalid_length|/product/name",
        "/product|{}|missing_field|/product/name",
        "/plans/0/price|\"cheap\"|invalid_type|/plans/0/price",
        "/plans/0/period|\"week\"|invalid_value|/plans/0/period",
        "/plans/0/currency|\"usd\"|invalid_format|/plans/0/currency",
        "/features/1/deepLink|\"http://tempo.example.com/x\"|invalid_format|/features/1/deepLink",
        "/senders/email/fromAddress|\"not-an-address\"|invalid_format|/senders/email/fromAddress",
        "/languages/offered|[\"english\"]|invalid_format|/languages/offered/0",
        "/channels/fax|{}|unknown_field|/channels/fax",
        "/channels/sms/maxSmsSegments|11|invalid_value|/channels/sms/maxSmsSegments",
        "/colour|\"blue\"|unknown_field|/colour",
        "/interventions/winback|{\"enabled\":true,\"pinnedVariant\":\"c\"}|invalid_value|/interventions/winback/pinnedVariant",
        "/interventions/winback|{\"enabled\":true,\"gatedExplorationPercent\":21}|invalid_value|/interventions/winback/gatedExplorationPercent",
        "/interventions/winback|{\"enabled\":true,\"gatedExplorationPercent\":2.5}|invalid_type|/interventions/winback/gatedExplorationPercent",
        "/features/0/translations|{\"es\":{}}|missing_field|/features/0/translations/es/name",
        "/features/0/translations|{\"Spanish\":{\"name\":\"x\"}}|unknown_field|/features/0/translations/Spanish",
      })
  void aSchemaViolationIsReportedWithItsCodeAndPointer(
      String path, String json, String code, String pointer) {
    ObjectNode tree = demoTree();
    set(tree, path, Json.tree(json.getBytes(StandardCharsets.UTF_8)));

    assertThat(violations(tree))
        .extracting(Violation::code, Violation::pointer)
        .contains(org.assertj.core.groups.Tuple.tuple(code, pointer));
  }

  @ParameterizedTest(name = "{0} = {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/languages/defaultLanguage|\"it\"|invalid_value|/languages/defaultLanguage",
        "/features/0/deepLink|\"https://evil.example.org/plan\"|link_domain_not_allowed|/features/0/deepLink",
        "/interventions/winback/ctaUrl|\"https://tempo.example.com.evil.org/\"|link_domain_not_allowed|/interventions/winback/ctaUrl",
        "/interventions/birthday|{\"enabled\":true}|unknown_intervention|/interventions/birthday",
        "/features/1/key|\"weekly_plan\"|duplicate_key|/features/1/key",
        "/channels/email/maxSmsSegments|2|invalid_value|/channels/email/maxSmsSegments",
        "/interventions/winback|{\"enabled\":true,\"pinnedVariant\":\"a\",\"retiredVariants\":[\"a\"]}|invalid_value|/interventions/winback/pinnedVariant",
        "/interventions/winback|{\"enabled\":true,\"retiredVariants\":[\"a\",\"b\"]}|invalid_value|/interventions/winback/retiredVariants",
      })
  void aRuleTheSchemaCannotSayIsCheckedToo(String path, String json, String code, String pointer) {
    ObjectNode tree = demoTree();
    set(tree, path, Json.tree(json.getBytes(StandardCharsets.UTF_8)));

    assertThat(violations(tree))
        .extracting(Violation::code, Violation::pointer)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(code, pointer));
  }

  @Test
  void aSubdomainOfAnAllowedDomainIsAllowed() {
    ObjectNode tree = demoTree();
    set(
        tree,
        "/features/0/deepLink",
        Json.tree("\"https://links.tempo.example.com/plan\"".getBytes(StandardCharsets.UTF_8)));

    assertThat(validator.parse(Json.encode(tree))).isInstanceOf(Valid.class);
  }

  @Test
  void malformedJsonAndANonObjectAreRefusedAtTheRoot() {
    assertThat(violations("{\"product\":".getBytes(StandardCharsets.UTF_8)))
        .extracting(Violation::code, Violation::pointer)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("malformed_json", ""));
    assertThat(violations("[1]".getBytes(StandardCharsets.UTF_8)))
        .extracting(Violation::code)
        .containsExactly("invalid_type");
  }

  /** Sets the node at a JSON pointer, creating the last member when absent. */
  private static void set(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent =
        pointer.substring(0, slash).isEmpty() ? root : root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else {
      ((tools.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
    }
  }
}

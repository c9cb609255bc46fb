package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the service answers, checked against what {@code /docs/openapi.yaml} says it answers. The
 * check is stricter than the document: an object schema that lists its properties admits no other
 * (unless it says otherwise), so a field the code adds or renames fails until the document names
 * it.
 */
final class OpenApiResponses {
  private static final JsonNode DOCUMENT = load();

  private OpenApiResponses() {}

  /** Fails unless {@code body} is what the document promises for that path, method and status. */
  static void check(String path, String method, int status, JsonNode body) {
    JsonNode response =
        DOCUMENT.get("paths").get(path).get(method).get("responses").get("" + status);
    assertThat(response).as("%s %s documents %d", method, path, status).isNotNull();
    if (response.has("$ref")) {
      response = DOCUMENT.at(response.get("$ref").asString().substring(1));
    }
    JsonNode schema = response.at("/content/application~1json/schema");
    assertThat(schema.isMissingNode()).as("%s %s %d has a schema", method, path, status).isFalse();
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", strict(DOCUMENT.get("components").deepCopy()));
    root.set("allOf", JsonNodeFactory.instance.arrayNode().add(strict(schema.deepCopy())));
    Schema compiled =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
    List<String> errors = compiled.validate(body).stream().map(Object::toString).toList();
    assertThat(errors).as("%s %s %d answered %s", method, path, status, body).isEmpty();
  }

  private static JsonNode strict(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties") && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      object.forEach(OpenApiResponses::strict);
    } else if (node.isArray()) {
      node.forEach(OpenApiResponses::strict);
    }
    return node;
  }

  private static JsonNode load() {
    try (InputStream in = OpenApiResponses.class.getResourceAsStream("/api/openapi.yaml")) {
      return YAMLMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

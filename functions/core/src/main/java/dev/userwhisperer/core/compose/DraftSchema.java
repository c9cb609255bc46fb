package dev.userwhisperer.core.compose;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The JSON an LLM writer must answer for each channel, as a JSON Schema both providers take
 * (OpenAI's strict {@code json_schema}, Gemini's {@code responseJsonSchema}), and the check of an
 * answer against it. E-mail: {@code subject}, {@code preheader}, {@code body}, {@code cta}; push:
 * {@code title}, {@code body}; SMS: {@code text}.
 */
public final class DraftSchema {
  public static final int SUBJECT_MAX = 80;
  public static final int PREHEADER_MAX = 120;
  public static final int EMAIL_BODY_MAX = 1500;
  public static final int CTA_MAX = 30;
  public static final int PUSH_TITLE_MAX = 50;
  public static final int SMS_TEXT_MAX = 300;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*)\\s*}}");
  private static final Map<Channel, Map<String, Object>> SCHEMAS = new EnumMap<>(Channel.class);
  private static final Map<Channel, Schema> COMPILED = new EnumMap<>(Channel.class);

  static {
    SCHEMAS.put(
        Channel.EMAIL,
        object(
            "subject",
            text(SUBJECT_MAX),
            "preheader",
            text(PREHEADER_MAX),
            "body",
            text(EMAIL_BODY_MAX),
            "cta",
            text(CTA_MAX)));
    SCHEMAS.put(
        Channel.PUSH,
        object("title", text(PUSH_TITLE_MAX), "body", text(MessageAssembler.PUSH_MAX_CHARS)));
    SCHEMAS.put(Channel.SMS, object("text", text(SMS_TEXT_MAX)));
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    SCHEMAS.forEach(
        (channel, schema) ->
            COMPILED.put(channel, registry.getSchema(Json.mapper().valueToTree(schema))));
  }

  private DraftSchema() {}

  public static Map<String, Object> forChannel(Channel channel) {
    return SCHEMAS.get(channel);
  }

  /**
   * Reads a writer's answer into a {@link Draft}.
   *
   * @throws WriterFailure {@code malformed_output} when it is not JSON, {@code schema_violation}
   *     when it breaks the schema or holds a placeholder other than {@value Draft#FIRST_NAME}
   */
  public static Draft parse(String answer, Channel channel) {
    JsonNode tree;
    try {
      tree = Json.tree(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (Json.MalformedJson e) {
      throw new WriterFailure("malformed_output", "the answer is not JSON: " + e.getMessage(), e);
    }
    var errors = COMPILED.get(channel).validate(tree);
    if (!errors.isEmpty()) {
      throw new WriterFailure(
          "schema_violation",
          "the answer breaks the " + channel.wireName() + " schema: " + errors.get(0).getMessage());
    }
    Draft draft =
        switch (channel) {
          case EMAIL ->
              new Draft(
                  tree.get("subject").asString().strip(),
                  tree.get("preheader").asString().strip(),
                  null,
                  tree.get("body").asString().strip(),
                  tree.get("cta").asString().strip());
          case PUSH ->
              new Draft(
                  null,
                  null,
                  tree.get("title").asString().strip(),
                  tree.get("body").asString().strip(),
                  null);
          case SMS -> new Draft(null, null, null, tree.get("text").asString().strip(), null);
        };
    for (String part :
        new String[] {
          draft.subject(), draft.preheader(), draft.title(), draft.body(), draft.cta()
        }) {
      if (part == null) {
        continue;
      }
      var placeholders = PLACEHOLDER.matcher(part);
      while (placeholders.find()) {
        if (!"firstName".equals(placeholders.group(1).strip())) {
          throw new WriterFailure(
              "schema_violation",
              "the answer holds the unknown placeholder " + placeholders.group());
        }
      }
    }
    return draft;
  }

  /**
   * The schema without length keywords, for providers whose strict mode refuses them (OpenAI's);
   * the limits are in the prompt and checked by {@link #parse}.
   */
  public static Map<String, Object> withoutLengths(Channel channel) {
    Map<String, Object> schema = new LinkedHashMap<>(forChannel(channel));
    Map<String, Object> properties = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    Map<String, Object> all = (Map<String, Object>) schema.get("properties");
    all.keySet().forEach(name -> properties.put(name, Map.of("type", "string")));
    schema.put("properties", Collections.unmodifiableMap(properties));
    return Collections.unmodifiableMap(schema);
  }

  /** The longest each field of the channel's answer may be, by field name. */
  @SuppressWarnings("unchecked")
  public static Map<String, Integer> maxLengths(Channel channel) {
    Map<String, Integer> out = new LinkedHashMap<>();
    ((Map<String, Map<String, Object>>) forChannel(channel).get("properties"))
        .forEach((name, field) -> out.put(name, (Integer) field.get("maxLength")));
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Object> text(int maxLength) {
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("type", "string");
    field.put("minLength", 1);
    field.put("maxLength", maxLength);
    return Collections.unmodifiableMap(field);
  }

  /** An object schema of string fields, all required, in the order given (name, schema, ...). */
  private static Map<String, Object> object(Object... namesAndFields) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (int i = 0; i < namesAndFields.length; i += 2) {
      properties.put((String) namesAndFields[i], namesAndFields[i + 1]);
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Collections.unmodifiableMap(properties));
    schema.put("required", List.copyOf(properties.keySet()));
    schema.put("additionalProperties", false);
    return Collections.unmodifiableMap(schema);
  }
}

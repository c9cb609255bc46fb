package dev.userwhisperer.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.profile.ContactData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;
import tools.jackson.databind.JsonNode;

/**
 * The events topic's BigQuery subscription pseudonymises contact traits before a row lands in
 * {@code events_raw}: its JavaScript transform, run here on Rhino (an ES5 engine; Pub/Sub runs the
 * same code on its own), gives exactly {@link ContactData#pseudonym} for every contact trait and
 * leaves everything else as sent.
 */
class ContactTraitsTransformTest {
  private static final Path TRANSFORM =
      Hcl.MODULES.resolve("pubsub/transforms/pseudonymize_contact_traits.js");
  private static final String FUNCTION = "pseudonymizeContactTraits";

  private Context js;
  private Scriptable scope;

  @BeforeEach
  void load() throws IOException {
    js = Context.enter();
    js.setOptimizationLevel(-1);
    js.setLanguageVersion(Context.VERSION_ES6);
    scope = js.initStandardObjects();
    js.evaluateString(scope, Files.readString(TRANSFORM), TRANSFORM.toString(), 1, null);
  }

  @AfterEach
  void exit() {
    Context.exit();
  }

  @Test
  void everyContactTraitOfEveryEventBecomesTheWarehousesPseudonym() {
    List<String> addresses =
        List.of(
            "  Ana.Lima@Example.COM ",
            "+44 (20) 7946-0958",
            "020.7946.0958",
            "fcm:Token_ÄÖ-😀",
            "é@ünïcode.example",
            "x");
    for (String address : addresses) {
      String batch =
          """
          {"version":1,"batchId":"b-1","appId":"app-1","userId":"u-1","events":[
            {"messageId":"m-1","type":"identify","userId":"u-1","properties":{"email":"kept@x.io"},
             "traits":{"email":%1$s,"phone":%1$s,"pushToken":%1$s,"push_token":%1$s,"plan":"pro"},
             "context":{}},
            {"messageId":"m-2","type":"page","userId":"u-1","traits":null}]}
          """
              .formatted(Json.encodeToString(address));

      JsonNode out =
          Json.tree(transformed(batch).getBytes(java.nio.charset.StandardCharsets.UTF_8));

      JsonNode traits = out.path("events").get(0).path("traits");
      for (String trait : ContactData.TRAITS) {
        assertThat(traits.path(trait).asString())
            .as("%s of %s", trait, address)
            .isEqualTo(ContactData.pseudonym(address));
      }
      assertThat(traits.path("plan").asString()).isEqualTo("pro");
      assertThat(out.path("events").get(0).path("properties").path("email").asString())
          .isEqualTo("kept@x.io");
      assertThat(out.path("events").get(1).path("traits").isNull()).isTrue();
      assertThat(out.path("userId").asString()).isEqualTo("u-1");
    }
  }

  @Test
  void aBlankTraitStaysAndTheAttributesPassThrough() {
    Object result =
        call(
            """
            {"version":1,"batchId":"b","appId":"a","userId":"u","events":[
              {"messageId":"m","type":"identify","userId":"u","traits":{"email":" ","phone":7}}]}
            """,
            Map.of("origin", "ingest"));

    NativeObject message = (NativeObject) result;
    JsonNode traits =
        Json.tree(((String) message.get("data")).getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .path("events")
            .get(0)
            .path("traits");
    assertThat(traits.path("email").asString()).isEqualTo(" ");
    assertThat(traits.path("phone").asInt()).isEqualTo(7);
    assertThat(((Scriptable) message.get("attributes")).get("origin", (Scriptable) null))
        .isEqualTo("ingest");
  }

  @Test
  void aBatchWithoutContactTraitsLandsExactlyAsSent() {
    String batch =
        "{\"version\":1,\"batchId\":\"b\",\"appId\":\"a\",\"userId\":\"u\",\"events\":["
            + "{\"messageId\":\"m\",\"type\":\"order\",\"properties\":{\"id\":12345678901234567890}}]}";

    assertThat(transformed(batch)).isEqualTo(batch);
  }

  @Test
  void aMessageThatIsNotABatchIsDroppedRatherThanLandedRaw() {
    assertThat(call("to: ana@example.com", Map.of())).isNull();
    assertThat(call("{\"email\":\"ana@example.com\"}", Map.of())).isNull();
  }

  @Test
  void theSubscriptionToBigQueryAppliesTheTransform() throws IOException {
    String pubsub = Files.readString(Hcl.MODULES.resolve("pubsub/main.tf"));
    String subscription =
        pubsub.substring(
            pubsub.indexOf("resource \"google_pubsub_subscription\" \"bigquery_export\""));
    assertThat(subscription)
        .contains("function_name = \"" + FUNCTION + "\"")
        .contains(
            "code          = file(\"${path.module}/transforms/pseudonymize_contact_traits.js\")");
  }

  private String transformed(String data) {
    return (String) ((NativeObject) call(data, Map.of())).get("data");
  }

  private Object call(String data, Map<String, String> attributes) {
    NativeObject message = new NativeObject();
    message.put("data", message, data);
    NativeObject attributeObject = new NativeObject();
    attributes.forEach((k, v) -> attributeObject.put(k, attributeObject, v));
    message.put("attributes", message, attributeObject);
    NativeObject metadata = new NativeObject();
    metadata.put("message_id", metadata, "1");
    Function transform = (Function) scope.get(FUNCTION, scope);
    return transform.call(js, scope, scope, new Object[] {message, metadata});
  }
}

package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The one documented error body: {@code {"error":{"code","message","field"}}}, and nothing else.
 */
final class ErrorContract {
  private static final List<String> INTERNALS =
      List.of(
          "jackson",
          "StreamReadConstraints",
          "Exception",
          "tomcat",
          "catalina",
          "springframework",
          "<html",
          "\tat ");

  private ErrorContract() {}

  /** Fails unless {@code body} is a documented error body sent as JSON with a 4xx/5xx status. */
  static void check(int status, String contentType, byte[] body) {
    assertThat(status).as("status").isBetween(400, 599);
    assertThat(contentType).as("content type of a %d", status).startsWith("application/json");
    JsonNode json = Json.tree(body);
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Set.copyOf(json.propertyNames())).as(text).containsExactly("error");
    JsonNode error = json.get("error");
    assertThat(Set.copyOf(error.propertyNames()))
        .as(text)
        .containsExactlyInAnyOrder("code", "message", "field");
    assertThat(error.get("code").asString()).as(text).matches("[a-z][a-z0-9_]*");
    assertThat(error.get("message").isString()).as(text).isTrue();
    assertThat(error.get("field").isNull() || error.get("field").isString()).as(text).isTrue();
    for (String internal : INTERNALS) {
      assertThat(error.get("message").asString().toLowerCase())
          .as(text)
          .doesNotContain(internal.toLowerCase());
    }
  }

  static void check(RawHttp.Reply reply) {
    check(reply.status(), reply.header("Content-Type"), reply.body());
  }

  static void check(ApiClient.Response response) {
    check(
        response.status(),
        response.raw().headers().firstValue("Content-Type").orElse(""),
        response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}

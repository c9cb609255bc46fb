package dev.userwhisperer.gcp;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How terraform/ deploys one function, read from its files (no provider is reachable here, so no
 * {@code terraform plan}): the entry point (modules/platform), the stage
 * (SPRING_CLOUD_FUNCTION_DEFINITION, catalog.tf) and the signature type that Cloud Functions gives
 * the Functions Framework, {@code cloudevent} for a function with an {@code event_trigger}
 * (modules/functions), {@code http} otherwise, with the environment the functions module adds.
 */
record TerraformDeployment(
    String name, String entryPoint, String signatureType, Map<String, String> environment) {
  static final Path TERRAFORM = Path.of("..", "..", "terraform", "modules");

  /** The Functions Framework's variable, which the platform sets from the function's trigger. */
  static final String SIGNATURE_TYPE = "FUNCTION_SIGNATURE_TYPE";

  private static final Pattern EVENT_TRIGGER =
      Pattern.compile(
          "dynamic \"event_trigger\" \\{\\s*for_each = each\\.value\\.trigger_topic == null \\? \\[\\] :"
              + " \\[each\\.value\\.trigger_topic\\]");
  private static final Pattern ENTRY_POINT =
      Pattern.compile(
          "entry_point\\s*= f\\.trigger == null \\? var\\.entry_points\\[\"http\"\\] :"
              + " var\\.entry_points\\[\"event\"\\]");
  private static final Pattern DEAD_LETTER_AFTER =
      Pattern.compile(
          "trigger_topic == null \\? \\{\\} : \\{ "
              + RetryWindow.VARIABLE
              + " = var\\.dead_letter_after \\}");

  /**
   * @throws AssertionError when terraform/ does not deploy {@code name} the way this reads it
   */
  @SuppressWarnings("unchecked")
  static TerraformDeployment of(String name) throws IOException {
    Map<String, Object> catalog = parse(TERRAFORM.resolve("platform/catalog.tf"));
    Map<String, Object> function = (Map<String, Object>) at(catalog, "locals", "functions", name);
    boolean triggered = function.get("trigger") != null;

    String platform = Files.readString(TERRAFORM.resolve("platform/main.tf"));
    require(
        ENTRY_POINT.matcher(platform).find(),
        "platform/main.tf chooses the entry point by trigger");
    Map<String, String> entryPoints =
        (Map<String, String>)
            at(
                parse(TERRAFORM.resolve("platform/variables.tf")),
                "variable",
                "entry_points",
                "default");

    String functions = Files.readString(TERRAFORM.resolve("functions/main.tf"));
    require(
        EVENT_TRIGGER.matcher(functions).find(),
        "functions/main.tf gives each function with a trigger_topic an event_trigger");
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put(FunctionContext.DEFINITION, (String) function.get("bean"));
    if (triggered) {
      require(
          DEAD_LETTER_AFTER.matcher(functions).find(),
          "functions/main.tf gives triggered functions " + RetryWindow.VARIABLE);
      environment.put(
          RetryWindow.VARIABLE,
          (String)
              at(
                  parse(TERRAFORM.resolve("functions/variables.tf")),
                  "variable",
                  "dead_letter_after",
                  "default"));
    }
    return new TerraformDeployment(
        name,
        entryPoints.get(triggered ? "event" : "http"),
        triggered ? "cloudevent" : "http",
        Map.copyOf(environment));
  }

  private static Map<String, Object> parse(Path file) {
    try {
      return new HCLParser().parse(file.toFile(), "UTF-8");
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse " + file, e);
    }
  }

  private static Object at(Map<String, Object> hcl, String... path) {
    Object node = hcl;
    for (String key : path) {
      require(
          node instanceof Map<?, ?> map && map.containsKey(key),
          "terraform has " + String.join(".", path));
      node = ((Map<?, ?>) node).get(key);
    }
    return node;
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("expected: " + what);
    }
  }
}

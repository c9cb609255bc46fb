package dev.userwhisperer.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What Terraform deploys (modules/platform/catalog.tf and the modules) is what the code expects:
 * core's topics, bigquery/'s tables and views, and the eleven functions.
 */
class CatalogConsistencyTest {
  private static final Path BIGQUERY = Path.of("..", "bigquery");
  private static final Set<String> FUNCTIONS =
      Set.of(
          "ingest",
          "feedback",
          "analyze",
          "decide",
          "compose",
          "deliver-email",
          "deliver-sms",
          "deliver-push",
          "sweep",
          "learn",
          "admin",
          "appconfig");

  @Test
  void terraformCreatesExactlyTheTopicsOfTheCode() {
    List<String> topics = Hcl.local("topics");
    assertThat(topics).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(Topics.ALL);
  }

  @Test
  void everyTopicGetsTheDeadLetterTopicTheCodeNamesAndAHoldSubscription() throws IOException {
    Path pubsub = Hcl.MODULES.resolve("pubsub/main.tf");
    Map<String, Object> hcl = Hcl.parse(pubsub);
    // hcl4j renders the reference each.key, and "${each.key}.dead-letter", as their source text.
    String main =
        String.valueOf((Object) Hcl.at(hcl, "resource", "google_pubsub_topic", "topic", "name"));
    String deadLetter =
        String.valueOf(
            (Object) Hcl.at(hcl, "resource", "google_pubsub_topic", "dead_letter", "name"));
    for (String topic : Topics.ALL) {
      assertThat(main.replace("each.key", topic)).isEqualTo(topic);
      assertThat(deadLetter.replace("each.key", topic)).isEqualTo(Topics.deadLetter(topic));
    }
    String text = Files.readString(pubsub);
    for (String block :
        List.of(
            "resource \"google_pubsub_topic\" \"topic\"",
            "resource \"google_pubsub_topic\" \"dead_letter\"",
            "resource \"google_pubsub_subscription\" \"dead_letter_hold\"")) {
      assertThat(text.substring(text.indexOf(block)))
          .as(block)
          .contains(block + " {\n  for_each = toset(var.topics)");
    }
  }

  @Test
  void everyTopicTriggersExactlyOneFunctionAndFunctionsPublishOnlyToTopics() {
    Map<String, Map<String, Object>> functions = Hcl.local("functions");
    Map<String, List<String>> triggered = new HashMap<>();
    functions.forEach(
        (name, f) -> {
          if (f.get("trigger") != null) {
            triggered.computeIfAbsent((String) f.get("trigger"), t -> new ArrayList<>()).add(name);
          }
          @SuppressWarnings("unchecked")
          List<String> publishes = (List<String>) f.get("publishes");
          assertThat(Topics.ALL).as("%s publishes to", name).containsAll(publishes);
        });
    assertThat(triggered.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    triggered.forEach((topic, fns) -> assertThat(fns).as("triggered by %s", topic).hasSize(1));
  }

  @Test
  void everyFunctionOfThePipelineIsDeployed() {
    Map<String, Object> functions = Hcl.local("functions");
    assertThat(functions.keySet()).containsExactlyInAnyOrderElementsOf(FUNCTIONS);
  }

  @Test
  void cicdPackagesASourceZipForEveryDeployedFunction() throws IOException {
    Map<String, Object> functions = Hcl.local("functions");
    String script = Files.readString(Path.of("..", "cicd", "package-functions.sh"));
    Matcher list = Pattern.compile("(?m)^FUNCTIONS=\\(([^)]*)\\)").matcher(script);
    assertThat(list.find()).as("FUNCTIONS=(...) in cicd/package-functions.sh").isTrue();
    assertThat(list.group(1).trim().split("\\s+"))
        .containsExactlyInAnyOrderElementsOf(functions.keySet());
  }

  @Test
  void eachFunctionReadsOnlyTheSecretsItNeedsAndOnlyDeclaredOnes() {
    Map<String, Map<String, Object>> functions = Hcl.local("functions");
    Map<String, Object> secrets = Hcl.local("secrets");
    Map<String, Set<String>> needs =
        Map.of(
            "compose", Set.of("WHISPERER_LINK_KEYS"),
            "appconfig", Set.of("WHISPERER_LINK_KEYS"),
            "deliver-email", Set.of("SENDGRID_API_KEY"),
            "deliver-sms", Set.of("TWILIO_AUTH_TOKEN"),
            "deliver-push", Set.of("FCM_SERVICE_ACCOUNT"),
            "admin", Set.of("WHISPERER_ADMIN_TOKEN"),
            "feedback",
                Set.of(
                    "SENDGRID_WEBHOOK_VERIFICATION_KEY",
                    "TWILIO_AUTH_TOKEN",
                    "WHISPERER_LINK_KEYS"));
    functions.forEach(
        (name, f) -> {
          @SuppressWarnings("unchecked")
          Map<String, String> reads = (Map<String, String>) f.get("secrets");
          assertThat(reads.keySet())
              .as("%s secrets", name)
              .containsExactlyInAnyOrderElementsOf(needs.getOrDefault(name, Set.of()));
          assertThat(secrets.keySet()).containsAll(reads.values());
        });
  }

  @Test
  void everyTableSchemaIsATableInTerraformAndTheLandingFilesAreTheRawTableAndItsAppend()
      throws IOException {
    Map<String, Map<String, Object>> tables = Hcl.local("warehouse_tables");
    Map<String, String> landing = Hcl.local("events_landing");

    assertThat(tables.keySet())
        .containsExactlyInAnyOrderElementsOf(names(BIGQUERY.resolve("schemas"), ".json"));
    assertThat(tables).containsKey("events").doesNotContainKey(landing.get("raw_table"));
    assertThat(names(BIGQUERY.resolve("landing"), ".json"))
        .containsExactly(landing.get("raw_table"));
    assertThat(names(BIGQUERY.resolve("landing"), ".sql"))
        .containsExactly(landing.get("append_query"));
  }

  @Test
  void terraformQualifiesEveryTableTheViewsAndTheEventsAppendNameBareAndLeavesTheirCtes()
      throws IOException {
    String module = Files.readString(Hcl.MODULES.resolve("bigquery/main.tf"));
    Matcher format = Pattern.compile("bare_relation = format\\(\"/(.*)/\", join").matcher(module);
    assertThat(format.find()).as("bare_relation in modules/bigquery/main.tf").isTrue();
    Map<String, Map<String, Object>> tables = Hcl.local("warehouse_tables");
    Map<String, String> landing = Hcl.local("events_landing");
    List<String> relations = new ArrayList<>(tables.keySet());
    relations.add(landing.get("raw_table"));
    Pattern bare =
        Pattern.compile(
            format.group(1).replace("\\\\", "\\").replace("%s", String.join("|", relations)));
    Pattern named = Pattern.compile("\\b(?:FROM|JOIN|INTO)\\s+([a-z_][a-z0-9_]*)\\b");
    Pattern cte = Pattern.compile("(?:\\bWITH|,)\\s+([a-z_][a-z0-9_]*)\\s+AS\\s*\\(");

    List<Path> files = new ArrayList<>();
    try (Stream<Path> views = Files.list(BIGQUERY.resolve("views"))) {
      views.forEach(files::add);
    }
    files.add(BIGQUERY.resolve("landing/" + landing.get("append_query") + ".sql"));
    for (Path file : files) {
      String sql = Files.readString(file).replaceAll("--[^\\n]*", "");
      String qualified = bare.matcher(sql).replaceAll("$1 `p.d.$2`");
      Set<String> ctes = new TreeSet<>();
      Matcher c = cte.matcher(sql);
      while (c.find()) {
        ctes.add(c.group(1));
      }
      Matcher left = named.matcher(qualified);
      while (left.find()) {
        assertThat(ctes).as("%s names %s bare", file, left.group(1)).contains(left.group(1));
      }
    }
  }

  @Test
  void tablesArePartitionedOnARequiredTimestampAndClusteredOnTheirOwnColumns() throws IOException {
    Map<String, Map<String, Object>> tables = Hcl.local("warehouse_tables");
    for (var table : tables.entrySet()) {
      JsonNode schema =
          Json.tree(Files.readAllBytes(BIGQUERY.resolve("schemas/" + table.getKey() + ".json")));
      Map<String, JsonNode> columns =
          schema.valueStream().collect(Collectors.toMap(c -> c.get("name").asString(), c -> c));
      JsonNode partition = columns.get((String) table.getValue().get("partition_field"));
      assertThat(partition).as("%s partition column", table.getKey()).isNotNull();
      assertThat(partition.get("type").asString()).isEqualTo("TIMESTAMP");
      assertThat(partition.get("mode").asString()).isEqualTo("REQUIRED");
      @SuppressWarnings("unchecked")
      List<String> clustering = (List<String>) table.getValue().get("clustering");
      assertThat(clustering).first().isEqualTo("app_id");
      assertThat(columns).containsKeys(clustering.toArray(String[]::new));
      if (columns.containsKey("user_id")) {
        assertThat(clustering).containsExactly("app_id", "user_id");
      }
    }
  }

  @Test
  void everyViewFileIsAViewInTerraformAndViceVersa() throws IOException {
    List<String> views = Hcl.local("dashboard_views");
    assertThat(views)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(names(BIGQUERY.resolve("views"), ".sql"));
  }

  @Test
  void analyzeGetsItsChurnSettingsDecideItsHoldoutAndTheFunctionsReadEveryVariableTheyGet()
      throws IOException {
    Map<String, Map<String, Object>> environment = Hcl.local("function_environment");
    Map<String, Object> functions = Hcl.local("functions");
    assertThat(functions).containsKeys(environment.keySet().toArray(String[]::new));
    assertThat(environment.get("analyze"))
        .containsOnlyKeys(
            "WHISPERER_VERTEX_ENDPOINT",
            "WHISPERER_CHURN_FEATURES",
            "WHISPERER_CHURN_THRESHOLD",
            "WHISPERER_MODELS_BUCKET");
    assertThat(environment.get("decide"))
        .containsOnlyKeys("WHISPERER_DECIDE_HOLDOUT_PERCENT", "WHISPERER_MODELS_BUCKET");
    assertThat(environment.get("learn"))
        .containsOnlyKeys("WHISPERER_MODELS_BUCKET", "WHISPERER_VERTEX_REGION");
    assertThat(environment.get("appconfig")).containsOnlyKeys("WHISPERER_MODELS_BUCKET");

    String code = functionSources();
    environment.forEach(
        (function, variables) ->
            variables
                .keySet()
                .forEach(
                    name -> {
                      // Spring reads the variable WHISPERER_X_Y as the property whisperer.x.y or
                      // whisperer.x-y too (each _ stands for a dot or a dash)
                      String property = name.toLowerCase(Locale.ROOT).replace("_", "[.-]");
                      assertThat(code)
                          .as("%s of %s is read by the functions", name, function)
                          .containsPattern(
                              "\"" + name + "\"|\\$\\{" + name + "|[\"{]" + property + "[\":}]");
                    }));
  }

  private static String functionSources() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("..", "functions"))) {
      StringBuilder all = new StringBuilder();
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> f.toString().contains("/src/main/java/"))
              .toList()) {
        all.append(Files.readString(file)).append('\n');
      }
      return all.toString();
    }
  }

  private static Set<String> names(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .map(n -> n.substring(0, n.length() - suffix.length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}

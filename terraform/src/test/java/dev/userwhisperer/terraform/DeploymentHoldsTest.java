package dev.userwhisperer.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a first apply at scale needs: everything in Terraform's state, agents before their use. */
class DeploymentHoldsTest {

  @Test
  void nothingIsChangedOutsideTerraformsState() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("."))) {
      for (Path tf : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
        assertThat(Files.readString(tf)).as("%s", tf).doesNotContain("local-exec", "gcloud ");
      }
    }
  }

  @Test
  void topicTriggeredFunctionsGetAnEventTriggerThatRetries() throws IOException {
    String functions = Files.readString(Hcl.MODULES.resolve("functions/main.tf"));
    assertThat(functions)
        .contains("dynamic \"event_trigger\"")
        .contains("event_type            = \"google.cloud.pubsub.topic.v1.messagePublished\"")
        .contains("retry_policy          = \"RETRY_POLICY_RETRY\"")
        .doesNotContain("google_eventarc_trigger");
  }

  @Test
  void thePubSubServiceAgentIsCreatedBeforeItIsGrantedAnything() throws IOException {
    String platform = Files.readString(Hcl.MODULES.resolve("platform/main.tf"));
    assertThat(platform)
        .contains("resource \"google_project_service_identity\" \"agent\"")
        .contains(
            "pubsub_service_agent  = google_project_service_identity.agent[\"pubsub.googleapis.com\"].member");
    assertThat(platform)
        .containsPattern("service_agents = \\[[^\\]]*\"pubsub.googleapis.com\"")
        .containsPattern("service_agents = \\[[^\\]]*\"eventarc.googleapis.com\"");
    assertThat(Files.readString(Hcl.MODULES.resolve("pubsub/main.tf")))
        .doesNotContain("data \"google_project\"");
  }

  @Test
  void eventsAreAppendedHourlyByAScheduledQueryRunAsItsOwnAccountOnceTheTransferAgentExists()
      throws IOException {
    Map<String, Object> hcl = Hcl.parse(Hcl.MODULES.resolve("bigquery/main.tf"));
    Map<String, Object> append =
        Hcl.at(hcl, "resource", "google_bigquery_data_transfer_config", "events_append");
    assertThat(append).containsEntry("data_source_id", "scheduled_query");
    assertThat(String.valueOf(append.get("service_account_name")))
        .contains("google_service_account.events_append");
    Map<String, Object> rawPartitions =
        Hcl.at(hcl, "resource", "google_bigquery_table", "events_raw", "time_partitioning");
    assertThat(rawPartitions).containsEntry("type", "HOUR").containsEntry("field", "publish_time");
    assertThat(Files.readString(Hcl.MODULES.resolve("bigquery/variables.tf")))
        .contains("default     = \"every 1 hours\"");
    assertThat(Files.readString(Hcl.MODULES.resolve("platform/main.tf")))
        .containsPattern("service_agents = \\[[^\\]]*\"bigquerydatatransfer.googleapis.com\"")
        .contains(
            "transfer_service_agent = google_project_service_identity.agent[\"bigquerydatatransfer.googleapis.com\"].member");
  }

  @Test
  void theBigTablesRequireAPartitionFilterAndTheSmallOnesAreReadWhole() {
    Map<String, Map<String, Object>> tables = Hcl.local("warehouse_tables");
    tables.forEach(
        (name, table) ->
            assertThat(table.getOrDefault("require_partition_filter", false))
                .as("%s requires a partition filter", name)
                .isEqualTo(!name.equals("erased_users") && !name.equals("quarantined_events")));
  }

  @Test
  void everyWarehouseTableDropsOldPartitions() {
    Map<String, Map<String, Object>> tables = Hcl.local("warehouse_tables");
    tables.forEach(
        (name, table) ->
            assertThat(((Number) table.getOrDefault("partition_expiration_days", 400)).intValue())
                .as("%s partition expiry in days", name)
                .isBetween(7, 800));
  }

  @Test
  void everyFunctionHasDerivedInstanceLimitsAndTheTimersRunOneAtATime() {
    Map<String, Map<String, Object>> functions = Hcl.local("functions");
    functions.forEach(
        (name, f) -> {
          assertThat(((Number) f.get("max_instances")).intValue()).as("%s max", name).isPositive();
          assertThat(((Number) f.get("concurrency")).intValue())
              .as("%s concurrency", name)
              .isBetween(1, 1000);
        });
    for (String timer : new String[] {"sweep", "learn"}) {
      assertThat(functions.get(timer))
          .containsEntry("max_instances", 1.0)
          .containsEntry("concurrency", 1.0);
    }
  }
}

package dev.userwhisperer.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The analyze pull worker as Terraform deploys it (modules/analyze_worker): its subscription's
 * dead-letter policy in Terraform's state, instance-based billing with a warm instance, the
 * variables the worker reads, and the platform choosing it by default instead of the function.
 */
class AnalyzeWorkerDeploymentTest {
  private static final Path WORKER = Hcl.MODULES.resolve("analyze_worker/main.tf");
  private static final Path GCP_SOURCES =
      Path.of("..", "functions/gcp/src/main/java/dev/userwhisperer/gcp");

  @Test
  void theWorkersSubscriptionDeadLettersInsideTerraformsState() {
    Map<String, Object> subscription =
        Hcl.at(Hcl.parse(WORKER), "resource", "google_pubsub_subscription", "events");
    assertThat(subscription).containsKeys("dead_letter_policy", "retry_policy");
    assertThat(Hcl.<Map<String, Object>>at(Hcl.parse(WORKER), "resource"))
        .containsKey("google_pubsub_subscription_iam_member");
  }

  @Test
  void theWorkerIsBilledPerInstanceKeepsOneWarmAndIsReachedByNobody() throws IOException {
    String main = Files.readString(WORKER);
    assertThat(main)
        .contains("cpu_idle          = false")
        .contains("ingress             = \"INGRESS_TRAFFIC_INTERNAL_ONLY\"")
        .contains("path = \"/healthz\"")
        .doesNotContain("roles/run.invoker");
    assertThat(Files.readString(Hcl.MODULES.resolve("analyze_worker/variables.tf")))
        .contains("condition     = var.min_instances >= 1");
  }

  @Test
  void everyWorkerVariableTerraformSetsIsOneTheWorkerReads() throws IOException {
    String settings =
        Files.readString(GCP_SOURCES.resolve("PullWorkerSettings.java"))
            + Files.readString(GCP_SOURCES.resolve("FirestoreStores.java"));
    Matcher variables =
        Pattern.compile("(WHISPERER_WORKER_[A-Z_]+)\\s*=").matcher(Files.readString(WORKER));
    int found = 0;
    while (variables.find()) {
      found++;
      String property = variables.group(1).toLowerCase(Locale.ROOT).replace("_", "[.-]");
      assertThat(settings).as(variables.group(1)).containsPattern("\"" + property + "\"");
    }
    assertThat(found).isEqualTo(6);
  }

  @Test
  void thePlatformRunsAnalyzeAsTheWorkerByDefaultAndThenDeploysNoAnalyzeFunction()
      throws IOException {
    Map<String, Object> mode =
        Hcl.at(Hcl.parse(Hcl.MODULES.resolve("platform/variables.tf")), "variable", "analyze_mode");
    assertThat(mode).containsEntry("default", "pull-worker");
    String platform = Files.readString(Hcl.MODULES.resolve("platform/main.tf"));
    assertThat(platform)
        .contains("if !(name == \"analyze\" && local.analyze_by_worker)")
        .contains("count  = local.analyze_by_worker ? 1 : 0");
  }
}

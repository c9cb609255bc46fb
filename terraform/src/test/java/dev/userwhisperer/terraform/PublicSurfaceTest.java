package dev.userwhisperer.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * On Google Cloud nothing but the public API is public: ingest and appconfig (both checking the
 * app's API keys) and feedback (tracking links) may be invoked by anyone; every other function, the
 * operator jobs sweep and learn included (the counterparts of the local runner's {@code /admin/*}),
 * is invoked only with IAM, by Eventarc or Cloud Scheduler, and reachable only from inside the
 * project; the apps-and-keys admin API is reachable from outside, for operators, but only with IAM
 * and its token.
 */
class PublicSurfaceTest {
  private static final List<String> PUBLIC = List.of("ingest", "feedback", "appconfig");
  private static final Pattern EVERYONE = Pattern.compile("\"(allUsers|allAuthenticatedUsers)\"");

  @Test
  void onlyIngestAppConfigAndFeedbackArePublic() {
    Map<String, Map<String, Object>> functions = Hcl.local("functions");
    functions.forEach(
        (name, f) ->
            assertThat(f.get("public")).as("%s public", name).isEqualTo(PUBLIC.contains(name)));
  }

  @Test
  void theOnlyGrantToEveryoneIsTheInvokerOfThePublicFunctions() throws IOException {
    int grants = 0;
    for (Path file : terraformFiles()) {
      String text = Files.readString(file);
      Matcher everyone = EVERYONE.matcher(text);
      while (everyone.find()) {
        grants++;
        assertThat(file).as("a grant to everyone").isEqualTo(functionsModule());
        String resource = text.substring(text.lastIndexOf("resource ", everyone.start()));
        assertThat(resource)
            .startsWith(
                "resource \"google_cloud_run_v2_service_iam_member\" \"public_invoker\" {\n"
                    + "  for_each = local.public\n");
      }
    }
    assertThat(grants).isEqualTo(1);
    assertThat(Files.readString(functionsModule()))
        .contains("public    = { for name, f in var.functions : name => f if f.public }")
        .contains(
            "ingress_settings                 = each.value.public || each.value.reachable ?"
                + " \"ALLOW_ALL\" : \"ALLOW_INTERNAL_ONLY\"");
  }

  /** Only the admin API is reachable from outside the project without being public. */
  @Test
  void onlyAdminIsReachableFromOutsideWithoutBeingPublic() {
    Map<String, Map<String, Object>> functions = Hcl.local("functions");
    functions.forEach(
        (name, f) ->
            assertThat(Boolean.TRUE.equals(f.get("reachable")))
                .as("%s reachable", name)
                .isEqualTo(name.equals("admin")));
  }

  private static Path functionsModule() {
    return Hcl.MODULES.resolve("functions/main.tf");
  }

  private static List<Path> terraformFiles() throws IOException {
    try (Stream<Path> files = Stream.concat(Files.walk(Hcl.MODULES), Files.walk(Hcl.ENVS))) {
      return files.filter(p -> p.toString().endsWith(".tf")).sorted().toList();
    }
  }
}

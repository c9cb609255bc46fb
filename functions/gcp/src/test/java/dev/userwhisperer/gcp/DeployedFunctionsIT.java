package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every function Terraform deploys (terraform/modules/platform/catalog.tf) names a bean the entry
 * point it gets can serve: HTTP functions ({@code trigger = null}) and topic-triggered ones.
 */
@ExtendWith(GcpEmulators.class)
class DeployedFunctionsIT {
  private static final Path CATALOG = Path.of("../../terraform/modules/platform/catalog.tf");
  private static final Pattern FUNCTION =
      Pattern.compile("bean\\s*=\\s*\"([^\"]+)\",\\s*trigger\\s*=\\s*(null|\"[^\"]+\")");

  DeployedFunctionsIT(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    FunctionsFixture.start(pubSub, firestore);
  }

  @Test
  void everyBeanTerraformDeploysIsAStageOfItsEntryPoint() throws Exception {
    Map<String, Boolean> httpByBean = new LinkedHashMap<>();
    Matcher matcher = FUNCTION.matcher(Files.readString(CATALOG));
    while (matcher.find()) {
      httpByBean.put(matcher.group(1), matcher.group(2).equals("null"));
    }

    assertThat(httpByBean)
        .containsOnlyKeys(
            "ingest",
            "feedback",
            "analyze",
            "decide",
            "compose",
            "deliver",
            "sweep",
            "learn",
            "admin",
            "appconfig");
    httpByBean.forEach(
        (bean, http) ->
            assertThatCode(
                    () -> {
                      if (http) {
                        HttpStages.of(bean, FunctionContext.get());
                      } else {
                        PubSubStage.of(bean, FunctionContext.get());
                      }
                    })
                .as(bean)
                .doesNotThrowAnyException());
  }
}

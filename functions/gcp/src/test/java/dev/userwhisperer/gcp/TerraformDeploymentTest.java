package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class TerraformDeploymentTest {

  @Test
  void aTopicTriggeredStageIsDeployedAsACloudEventFunctionOfThePubSubEntryPoint()
      throws IOException {
    TerraformDeployment analyze = TerraformDeployment.of("analyze");

    assertThat(analyze.entryPoint()).isEqualTo(PubSubEntryPoint.class.getName());
    assertThat(analyze.signatureType()).isEqualTo("cloudevent");
    assertThat(analyze.environment())
        .containsEntry(FunctionContext.DEFINITION, "analyze")
        .containsEntry(RetryWindow.VARIABLE, "PT2H");
  }

  @Test
  void theThreeDeliverFunctionsRunTheOneDeliverStage() throws IOException {
    for (String name : new String[] {"deliver-email", "deliver-sms", "deliver-push"}) {
      assertThat(TerraformDeployment.of(name).environment())
          .containsEntry(FunctionContext.DEFINITION, "deliver");
    }
  }

  @Test
  void anHttpStageIsDeployedAsAnHttpFunctionOfTheHttpEntryPoint() throws IOException {
    TerraformDeployment ingest = TerraformDeployment.of("ingest");

    assertThat(ingest.entryPoint()).isEqualTo(HttpEntryPoint.class.getName());
    assertThat(ingest.signatureType()).isEqualTo("http");
    assertThat(ingest.environment()).containsOnlyKeys(FunctionContext.DEFINITION);
  }
}

package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model directory in a bucket, against a stub of Cloud Storage's JSON API. */
class GcsModelDirectoryIT {
  private final FakeGcsBucket bucket = new FakeGcsBucket("models-1");
  private final WireMockServer stub =
      new WireMockServer(options().dynamicPort().extensions(bucket));
  private GcsModelDirectory directory;

  @TempDir Path cache;
  @TempDir Path trained;

  @BeforeEach
  void start() throws Exception {
    stub.start();
    stub.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(bucket.getName())));
    directory =
        new GcsModelDirectory(
            HttpClient.newHttpClient(),
            stub.baseUrl(),
            "gs://models-1/whisperer",
            cache,
            () -> "token-1");
    Files.writeString(trained.resolve("model.bst"), "booster-bytes");
    Files.writeString(trained.resolve("features.json"), "[\"a\",\"b\"]");
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void aWrittenVersionIsStoredAsObjectsAndReadBackIntoTheCache() throws Exception {
    Slot churn = Slot.churn("shop");
    directory.writeVersion(churn, "v1", trained);

    assertThat(bucket.objects())
        .containsOnlyKeys(
            "whisperer/shop/churn/v1/features.json", "whisperer/shop/churn/v1/model.bst");
    Path local = directory.version(churn, "v1");
    assertThat(Files.readString(local.resolve("model.bst"))).isEqualTo("booster-bytes");
    assertThat(directory.location(churn, "v1")).isEqualTo("gs://models-1/whisperer/shop/churn/v1/");
  }

  @Test
  void aVersionsModelFilesAreNeverOverwrittenButItsRecordsAre() throws Exception {
    Slot slot = new Slot("shop", "winback");
    directory.writeVersion(slot, "v1", trained);
    Files.writeString(trained.resolve("model.bst"), "other-bytes");

    directory.writeVersion(slot, "v1", trained);
    directory.writeVersionFile(slot, "v1", "promotion.json", bytes("{\"promoted\":false}"));
    Path local = directory.version(slot, "v1");
    directory.writeVersionFile(slot, "v1", "promotion.json", bytes("{\"promoted\":true}"));

    assertThat(Files.readString(local.resolve("model.bst"))).isEqualTo("booster-bytes");
    assertThat(Files.readString(directory.version(slot, "v1").resolve("promotion.json")))
        .isEqualTo("{\"promoted\":true}");
  }

  @Test
  void promotionMovesTheLivePointerAndOnlyToAWrittenVersion() {
    Slot slot = new Slot("shop", "winback");
    assertThat(directory.live(slot)).isEmpty();
    directory.writeVersion(slot, "v1", trained);

    directory.promote(slot, "v1");

    assertThat(directory.live(slot)).contains("v1");
    assertThat(bucket.objects().get("whisperer/shop/uplift/winback/live")).isEqualTo(bytes("v1\n"));
    assertThatThrownBy(() -> directory.promote(slot, "v2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(directory.live(slot)).contains("v1");
  }

  @Test
  void slotsVersionsAndTrainingAttemptsAreListedAcrossPages() {
    for (String intervention : new String[] {"winback", "feature_tip", "churn_save", "welcome"}) {
      directory.recordTraining(new Slot("shop", intervention), bytes("{\"status\":\"x\"}"));
    }
    directory.recordTraining(Slot.churn("shop"), bytes("{\"status\":\"not_enough_data\"}"));
    directory.recordTraining(new Slot("blog", "winback"), bytes("{}"));
    for (String v : new String[] {"v1", "v2", "v3", "v4"}) {
      directory.writeVersion(new Slot("shop", "winback"), v, trained);
    }

    assertThat(directory.slots())
        .containsExactly(
            new Slot("blog", "winback"),
            new Slot("shop", "churn_save"),
            new Slot("shop", "feature_tip"),
            new Slot("shop", "welcome"),
            new Slot("shop", "winback"));
    assertThat(directory.churnSlots()).containsExactly(Slot.churn("shop"));
    assertThat(directory.versions(new Slot("shop", "winback")))
        .containsExactly("v1", "v2", "v3", "v4");
    assertThat(directory.lastTraining(Slot.churn("shop")))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).contains("not_enough_data"));
  }

  @Test
  void aServerErrorIsTransientAndAMissingTokenPermanent() {
    stub.resetAll();
    stub.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> directory.live(Slot.churn("shop")))
        .isInstanceOf(TransientFailure.class);

    stub.resetAll();
    stub.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(bucket.getName())));
    GcsModelDirectory anonymous =
        new GcsModelDirectory(
            HttpClient.newHttpClient(), stub.baseUrl(), "gs://models-1", cache, () -> "");
    assertThatThrownBy(() -> anonymous.live(Slot.churn("shop")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("401");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

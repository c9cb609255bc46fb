package dev.userwhisperer.gcp;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.churn.ChurnModelTraining;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.UpliftModelTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * After the learn job promoted models: registers each live version (an uplift model of an app's
 * intervention, or an app's churn model) in the Vertex AI Model Registry once, and keeps what the
 * registry answered beside the version ({@value #FILE}), which is also what makes a rerun of the
 * job skip it.
 */
final class ModelRegistration {
  static final String FILE = "registry.json";

  private final VertexAiModelRegistry registry;
  private final ModelDirectory directory;
  private final String bucketUri;

  /**
   * @param bucketUri where {@code directory}'s root is in Cloud Storage, {@code
   *     gs://bucket[/prefix]}
   */
  ModelRegistration(VertexAiModelRegistry registry, ModelDirectory directory, String bucketUri) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.directory = Objects.requireNonNull(directory, "directory");
    if (!bucketUri.startsWith("gs://")) {
      throw new IllegalArgumentException("the model bucket must be a gs:// URI: " + bucketUri);
    }
    this.bucketUri = bucketUri.replaceAll("/+$", "");
  }

  /** Registers the promoted uplift versions. */
  void uplift(List<UpliftModelTraining.Attempt> promoted) {
    promoted.forEach(a -> register(a.slot(), a.version()));
  }

  /** Registers the promoted churn versions. */
  void churn(List<ChurnModelTraining.Attempt> promoted) {
    promoted.forEach(a -> register(Slot.churn(a.appId()), a.version()));
  }

  private void register(Slot slot, String version) {
    Path local = directory.version(slot, version);
    if (Files.exists(local.resolve(FILE))) {
      return;
    }
    String location = directory.location(slot, version);
    // a bucket mounted as a directory has file locations: the registry needs the bucket's
    String uri =
        location.startsWith("gs://")
            ? location
            : bucketUri + "/" + slot.path() + "/" + version + "/";
    VertexAiModelRegistry.Registered r = registry.upload(slot, version, uri, Map.of());
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("model", r.model());
    record.put("versionId", r.versionId());
    record.put("artifactUri", uri);
    directory.writeVersionFile(slot, version, FILE, Json.encode(record));
  }
}

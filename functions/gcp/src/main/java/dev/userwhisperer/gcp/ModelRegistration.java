package dev.userwhisperer.gcp;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.UpliftModelTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * After the learn job promoted models: registers each live version in the Vertex AI Model Registry
 * once, and keeps what the registry answered beside the version ({@value #FILE}), which is also
 * what makes a rerun of the job skip it.
 */
final class ModelRegistration implements Consumer<List<UpliftModelTraining.Attempt>> {
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

  @Override
  public void accept(List<UpliftModelTraining.Attempt> promoted) {
    for (UpliftModelTraining.Attempt a : promoted) {
      Path version = directory.version(a.slot(), a.version());
      if (Files.exists(version.resolve(FILE))) {
        continue;
      }
      String location = directory.location(a.slot(), a.version());
      // a bucket mounted as a directory has file locations: the registry needs the bucket's
      String uri =
          location.startsWith("gs://")
              ? location
              : bucketUri + "/" + a.slot().path() + "/" + a.version() + "/";
      VertexAiModelRegistry.Registered r =
          registry.upload(a.slot().appId(), a.slot().intervention(), a.version(), uri, Map.of());
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("model", r.model());
      record.put("versionId", r.versionId());
      record.put("artifactUri", uri);
      directory.writeVersionFile(a.slot(), a.version(), FILE, Json.encode(record));
    }
  }
}

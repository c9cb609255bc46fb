package dev.userwhisperer.models.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.userwhisperer.core.port.TreatmentEffectModels.EffectModel;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model refresh, however slow its storage, never holds up a decision that scores a model. */
class ModelRefreshTest {
  private static final Slot WINBACK = new Slot("app1", "winback");

  @TempDir Path root;

  @Test
  void aDecisionScoresWithTheModelInUseWhileARefreshWaitsOnTheStorage() throws Exception {
    ModelDirectory files = new FileModelDirectory(root);
    TrainedModels.writeTLearner(files.version(WINBACK, "v1"), "v1");
    files.promote(WINBACK, "v1");
    StalledDirectory directory = new StalledDirectory(files);
    XgboostTreatmentEffectModels models = new XgboostTreatmentEffectModels(directory);
    models.refresh();
    TrainedModels.writeTLearner(files.version(WINBACK, "v2"), "v2");
    files.promote(WINBACK, "v2");

    directory.stall = true;
    CompletableFuture<Void> refresh = CompletableFuture.runAsync(models::refresh);
    assertThat(directory.entered.await(10, TimeUnit.SECONDS)).isTrue();

    EffectModel inUse =
        assertTimeoutPreemptively(
            Duration.ofSeconds(1), () -> models.find("app1", "winback").orElseThrow());
    double effect =
        assertTimeoutPreemptively(
            Duration.ofSeconds(1), () -> inUse.effect(Map.of("sessions_28d", 8.0)));
    assertThat(inUse.version()).isEqualTo("v1");
    assertThat(effect).isBetween(0.15, 0.45);
    assertThat(refresh).isNotDone();

    directory.release.countDown();
    refresh.get(30, TimeUnit.SECONDS);
    assertThat(models.find("app1", "winback").orElseThrow().version()).isEqualTo("v2");
  }

  /** A directory whose reads of a live pointer wait, once stalled, until released. */
  private static final class StalledDirectory implements ModelDirectory {
    private final ModelDirectory files;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean stall;

    StalledDirectory(ModelDirectory files) {
      this.files = files;
    }

    @Override
    public Optional<String> live(Slot slot) {
      if (stall) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return files.live(slot);
    }

    @Override
    public Path version(Slot slot, String version) {
      return files.version(slot, version);
    }

    @Override
    public String location(Slot slot, String version) {
      return files.location(slot, version);
    }

    @Override
    public void writeVersion(Slot slot, String version, Path from) {
      files.writeVersion(slot, version, from);
    }

    @Override
    public void writeVersionFile(Slot slot, String version, String name, byte[] content) {
      files.writeVersionFile(slot, version, name, content);
    }

    @Override
    public void promote(Slot slot, String version) {
      files.promote(slot, version);
    }

    @Override
    public void recordTraining(Slot slot, byte[] json) {
      files.recordTraining(slot, json);
    }

    @Override
    public Optional<byte[]> lastTraining(Slot slot) {
      return files.lastTraining(slot);
    }

    @Override
    public List<Slot> slots() {
      return files.slots();
    }

    @Override
    public List<Slot> churnSlots() {
      return files.churnSlots();
    }

    @Override
    public List<String> versions(Slot slot) {
      return files.versions(slot);
    }
  }
}

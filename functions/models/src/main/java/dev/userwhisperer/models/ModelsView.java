package dev.userwhisperer.models;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.models.churn.ChurnPromotion;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.churn.XgboostChurnScorer;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.Promotion;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code GET /v1/models}: every version of an app's churn model (or, until one is
 * promoted, which model scores churn instead, if any) and every version of its per-user uplift
 * models, each with its metrics, whether it is live, and why not; an intervention the learn job
 * tried but could not train yet, with why; and the learn job's last attempt per intervention
 * ({@code training}). The local runner and the Google Cloud functions answer with it alike.
 */
public final class ModelsView {
  public static final String DEFAULT_DECIDER =
      "an intervention without a live model is ranked by the app's uplift table, or the priors";

  private ModelsView() {}

  public static Map<String, Object> of(
      String appId,
      ModelDirectory directory,
      XgboostTreatmentEffectModels loaded,
      Optional<ChurnScorer> churn) {
    List<Map<String, Object>> models = new ArrayList<>();
    List<Map<String, Object>> training = new ArrayList<>();
    models.addAll(churn(appId, directory, churn, training));
    Map<Slot, String> inUse = loaded.liveVersions();
    for (Slot slot : directory.slots()) {
      if (!slot.appId().equals(appId)) {
        continue;
      }
      Optional<String> live = directory.live(slot);
      List<String> versions = directory.versions(slot);
      for (String version : versions) {
        models.add(uplift(directory, loaded, slot, version, live, inUse.get(slot)));
      }
      directory
          .lastTraining(slot)
          .map(Json::tree)
          .ifPresent(
              attempt -> {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("intervention", slot.intervention());
                t.put("attemptedAt", attempt.path("attempted_at").asString(null));
                t.put("status", attempt.path("status").asString(null));
                t.put("version", attempt.path("version").asString(null));
                t.put("reason", attempt.path("reason").asString(null));
                t.put("detail", attempt.path("detail").asString(null));
                training.add(t);
                if (versions.isEmpty()) {
                  Map<String, Object> none = new LinkedHashMap<>();
                  none.put("kind", "uplift");
                  none.put("intervention", slot.intervention());
                  none.put("version", null);
                  none.put("live", false);
                  none.put("why", "not trained yet: " + attempt.path("detail").asString(""));
                  models.add(none);
                }
              });
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("models", models);
    body.put("training", training);
    body.put("default", DEFAULT_DECIDER);
    return body;
  }

  private static List<Map<String, Object>> churn(
      String appId,
      ModelDirectory directory,
      Optional<ChurnScorer> churn,
      List<Map<String, Object>> training) {
    List<Map<String, Object>> models = new ArrayList<>();
    Slot slot = Slot.churn(appId);
    Optional<LearnedChurnScorers> learned =
        churn.filter(LearnedChurnScorers.class::isInstance).map(LearnedChurnScorers.class::cast);
    Optional<String> inUse = learned.flatMap(l -> l.liveVersion(appId));
    Optional<String> live = directory.live(slot);
    for (String version : directory.versions(slot)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", "churn");
      m.put("source", "model");
      m.put("version", version);
      Path dir = directory.version(slot, version);
      if (Files.exists(dir.resolve(ModelExport.METADATA_FILE))) {
        JsonNode metadata = ChurnPromotion.metadata(dir);
        m.put("trainedAt", metadata.path("trained_at").asString(null));
        m.put("trainingRows", metadata.path("training").path("training_rows").asLong(0));
        m.put("metrics", metadata.path("held_out_metrics"));
      }
      boolean isLive = inUse.isPresent() && inUse.get().equals(version);
      m.put("live", isLive);
      if (!isLive) {
        m.put(
            "why",
            whyNotLive(version, live, learned.map(l -> l.problems().get(appId)).orElse(null), dir));
      }
      models.add(m);
    }
    Optional<JsonNode> attempt = directory.lastTraining(slot).map(Json::tree);
    attempt.ifPresent(
        a -> {
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("kind", "churn");
          t.put("attemptedAt", a.path("attempted_at").asString(null));
          t.put("status", a.path("status").asString(null));
          t.put("version", a.path("version").asString(null));
          t.put("reason", a.path("reason").asString(null));
          t.put("detail", a.path("detail").asString(null));
          training.add(t);
        });
    if (inUse.isEmpty()) {
      models.add(churnFallback(churn, learned, attempt));
    }
    return models;
  }

  /** What scores the app's churn until it has a learned model of its own. */
  private static Map<String, Object> churnFallback(
      Optional<ChurnScorer> churn,
      Optional<LearnedChurnScorers> learned,
      Optional<JsonNode> attempt) {
    Optional<ChurnScorer> fallback = learned.isPresent() ? learned.get().fallback() : churn;
    String untilThen =
        attempt
            .map(
                a ->
                    "no churn model of this app's own is live yet ("
                        + a.path("detail").asString("")
                        + ")")
            .orElse("no churn model of this app's own is live yet (the learn job has not run)");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "churn");
    if (fallback.isPresent()) {
      // a model file has its version; an endpoint's is in each of its answers
      m.put("source", "configured");
      m.put("version", fallback.get() instanceof XgboostChurnScorer xgb ? xgb.version() : null);
      m.put("live", true);
      m.put("why", untilThen + "; scored by the configured model until then");
    } else {
      m.put("source", "none");
      m.put("version", null);
      m.put("live", false);
      m.put("why", untilThen + ": no churn score, no CHURN_RISK signal is raised");
    }
    return m;
  }

  private static Map<String, Object> uplift(
      ModelDirectory directory,
      XgboostTreatmentEffectModels loaded,
      Slot slot,
      String version,
      Optional<String> live,
      String inUse) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "uplift");
    m.put("intervention", slot.intervention());
    m.put("version", version);
    Path dir = directory.version(slot, version);
    JsonNode manifest = null;
    if (Files.exists(dir.resolve("uplift-model.json"))) {
      manifest = Json.tree(read(dir.resolve("uplift-model.json")));
      m.put("learner", manifest.path("learner").asString(null));
      m.put("trainedAt", manifest.path("trained_at").asString(null));
      m.put("trainingRows", manifest.path("training").path("rows").asLong(0));
      m.put("metrics", manifest.path("held_out_metrics"));
    }
    boolean isLive = version.equals(inUse);
    m.put("live", isLive);
    if (!isLive) {
      m.put("why", whyNotLive(version, live, loaded.problems().get(slot), dir));
    }
    return m;
  }

  /**
   * Why a version is not the one scoring: promoted but not loaded ({@code loadProblem}, null when
   * it simply awaits the next refresh), replaced, refused by its promotion verdict, or never
   * judged.
   */
  private static String whyNotLive(
      String version, Optional<String> live, String loadProblem, Path dir) {
    if (live.isPresent() && live.get().equals(version)) {
      return loadProblem != null
          ? "promoted, but cannot be loaded: " + loadProblem
          : "promoted; goes live at the next model refresh";
    }
    return Promotion.verdictOf(dir)
        .map(
            v ->
                v.path("promoted").asBoolean(false)
                    ? "replaced by a later version"
                    : v.path("reason").asString("") + ": " + v.path("detail").asString(""))
        .orElse("never judged for promotion");
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

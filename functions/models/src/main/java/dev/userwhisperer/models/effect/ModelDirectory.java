package dev.userwhisperer.models.effect;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where promoted and rejected models are kept: per app and intervention the per-user uplift models,
 * per app the churn model; a local directory ({@link FileModelDirectory}) or a Cloud Storage bucket
 * ({@code GcsModelDirectory} in functions/gcp), in one layout:
 *
 * <pre>
 * &lt;appId&gt;/uplift/&lt;intervention&gt;/&lt;version&gt;/   uplift-model.json, boosters, card, promotion.json
 * &lt;appId&gt;/uplift/&lt;intervention&gt;/live         one line: the live version
 * &lt;appId&gt;/uplift/&lt;intervention&gt;/training.json the learn job's last attempt
 * &lt;appId&gt;/churn/&lt;version&gt;/                    model.bst, features.json, card, promotion.json
 * &lt;appId&gt;/churn/live, training.json               as for uplift
 * </pre>
 *
 * A version's model files are never changed once written (its verdict and registration records may
 * be); promoting a version replaces {@code live} at once (a reader sees the old version or the new
 * one, never a torn file).
 */
public interface ModelDirectory {
  String UPLIFT = "uplift";
  String CHURN = "churn";
  String LIVE_FILE = "live";
  String TRAINING_FILE = "training.json";
  Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /**
   * An app's intervention whose uplift models the directory holds, or the app's churn model ({@link
   * #churn}, whose intervention is {@value #CHURN}).
   */
  record Slot(String appId, String intervention, boolean isChurn) {
    public Slot {
      requireName(appId, "appId");
      requireName(intervention, "intervention");
      if (isChurn && !intervention.equals(CHURN)) {
        throw new IllegalArgumentException("a churn slot has no intervention: " + intervention);
      }
    }

    /** The uplift models of an app's intervention. */
    public Slot(String appId, String intervention) {
      this(appId, intervention, false);
    }

    /** The churn models of an app. */
    public static Slot churn(String appId) {
      return new Slot(appId, CHURN, true);
    }

    /** The slot's path in the layout, {@code app/uplift/intervention} or {@code app/churn}. */
    public String path() {
      return isChurn ? appId + "/" + CHURN : appId + "/" + UPLIFT + "/" + intervention;
    }
  }

  /**
   * A local directory holding the files of one version of a slot's model, to load and read (for a
   * bucket, a local copy). It may not exist when the version was never written.
   */
  Path version(Slot slot, String version);

  /** Where a version is, as a URI of the storage (a {@code gs://} one on Cloud Storage). */
  String location(Slot slot, String version);

  /** Stores the files of {@code from} as the version, keeping any already stored under a name. */
  void writeVersion(Slot slot, String version, Path from);

  /** Stores (or replaces) one record file of a written version: its verdict, its registration. */
  void writeVersionFile(Slot slot, String version, String name, byte[] content);

  /** The live version of the slot, empty when none was promoted. */
  Optional<String> live(Slot slot);

  /**
   * Makes {@code version} (already written) the live model of the slot.
   *
   * @throws IllegalArgumentException when the version was not written
   */
  void promote(Slot slot, String version);

  /**
   * Keeps the learn job's last attempt at the slot (trained, or why not), replacing the one before.
   */
  void recordTraining(Slot slot, byte[] json);

  /** The learn job's last attempt at the slot, as {@link #recordTraining} kept it. */
  Optional<byte[]> lastTraining(Slot slot);

  /** Every uplift slot with a version, a live pointer or a training attempt, by app then name. */
  List<Slot> slots();

  /** Every app with a churn version, a live pointer or a training attempt, by app. */
  List<Slot> churnSlots();

  /** The versions written for the slot, by name. */
  List<String> versions(Slot slot);

  static void requireName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be 1-128 letters, digits, '_', '.' or '-', not starting with a symbol: "
              + value);
    }
  }
}

package dev.userwhisperer.models.effect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where promoted and rejected models are kept: per app and intervention the per-user uplift models,
 * per app the churn model:
 *
 * <pre>
 * &lt;root&gt;/&lt;appId&gt;/uplift/&lt;intervention&gt;/&lt;version&gt;/   uplift-model.json, boosters, card
 * &lt;root&gt;/&lt;appId&gt;/uplift/&lt;intervention&gt;/live         one line: the live version
 * &lt;root&gt;/&lt;appId&gt;/uplift/&lt;intervention&gt;/training.json the learn job's last attempt
 * &lt;root&gt;/&lt;appId&gt;/churn/&lt;version&gt;/                    model.bst, features.json, card
 * &lt;root&gt;/&lt;appId&gt;/churn/live, training.json               as for uplift
 * </pre>
 *
 * A version directory is never changed once written; promoting a version rewrites {@code live}
 * atomically (a reader sees the old version or the new one, never a torn file).
 */
public final class ModelDirectory {
  static final String UPLIFT = "uplift";
  static final String CHURN = "churn";
  static final String LIVE_FILE = "live";
  static final String TRAINING_FILE = "training.json";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final Path root;

  public ModelDirectory(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  public Path root() {
    return root;
  }

  /**
   * An app's intervention whose uplift models the directory holds, or the app's churn model ({@link
   * #churn}, whose intervention is {@value #CHURN}).
   */
  public record Slot(String appId, String intervention, boolean isChurn) {
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
  }

  /** The directory of one version of a slot's model. */
  public Path version(Slot slot, String version) {
    requireName(version, "version");
    return slotDirectory(slot).resolve(version);
  }

  /** The live version of the slot, empty when none was promoted. */
  public Optional<String> live(Slot slot) {
    Path file = slotDirectory(slot).resolve(LIVE_FILE);
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String version = Files.readString(file, StandardCharsets.UTF_8).strip();
      return version.isEmpty() ? Optional.empty() : Optional.of(version);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Makes {@code version} (already written) the live model of the slot.
   *
   * @throws IllegalArgumentException when the version directory does not exist
   */
  public void promote(Slot slot, String version) {
    Path dir = version(slot, version);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no model version " + dir);
    }
    Path file = slotDirectory(slot).resolve(LIVE_FILE);
    try {
      Path tmp = Files.createTempFile(slotDirectory(slot), LIVE_FILE, ".tmp");
      Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot promote " + dir, e);
    }
  }

  /**
   * Keeps what the learn job's last attempt at the slot came to (trained, or why not), replacing
   * the one before.
   */
  public void recordTraining(Slot slot, byte[] json) {
    Path dir = slotDirectory(slot);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, TRAINING_FILE, ".tmp");
      Files.write(tmp, json);
      try {
        Files.move(
            tmp,
            dir.resolve(TRAINING_FILE),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(TRAINING_FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the training attempt in " + dir, e);
    }
  }

  /** The learn job's last attempt at the slot, as {@link #recordTraining} kept it. */
  public Optional<byte[]> lastTraining(Slot slot) {
    Path file = slotDirectory(slot).resolve(TRAINING_FILE);
    try {
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Every slot with at least one version, a live pointer or a training attempt, by app then
   * intervention.
   */
  public List<Slot> slots() {
    List<Slot> slots = new ArrayList<>();
    for (Path app : children(root)) {
      for (Path intervention : children(app.resolve(UPLIFT))) {
        String a = app.getFileName().toString();
        String i = intervention.getFileName().toString();
        if (NAME.matcher(a).matches() && NAME.matcher(i).matches()) {
          slots.add(new Slot(a, i));
        }
      }
    }
    return slots;
  }

  /** Every app with a churn model version, a live pointer or a training attempt, by app. */
  public List<Slot> churnSlots() {
    List<Slot> slots = new ArrayList<>();
    for (Path app : children(root)) {
      String a = app.getFileName().toString();
      if (NAME.matcher(a).matches() && Files.isDirectory(app.resolve(CHURN))) {
        slots.add(Slot.churn(a));
      }
    }
    return slots;
  }

  /** The versions written for the slot, by name. */
  public List<String> versions(Slot slot) {
    return children(slotDirectory(slot)).stream()
        .map(p -> p.getFileName().toString())
        .filter(n -> NAME.matcher(n).matches())
        .toList();
  }

  private Path slotDirectory(Slot slot) {
    if (slot.isChurn()) {
      return root.resolve(slot.appId()).resolve(CHURN);
    }
    return root.resolve(slot.appId()).resolve(UPLIFT).resolve(slot.intervention());
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void requireName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be 1-128 letters, digits, '_', '.' or '-', not starting with a symbol: "
              + value);
    }
  }
}

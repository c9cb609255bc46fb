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
import java.util.stream.Stream;

/** The {@link ModelDirectory} in a local directory (the local runner's, or a mounted one). */
public final class FileModelDirectory implements ModelDirectory {
  private final Path root;

  public FileModelDirectory(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  public Path root() {
    return root;
  }

  @Override
  public Path version(Slot slot, String version) {
    ModelDirectory.requireName(version, "version");
    return slotDirectory(slot).resolve(version);
  }

  @Override
  public String location(Slot slot, String version) {
    return version(slot, version).toUri().toString();
  }

  @Override
  public void writeVersion(Slot slot, String version, Path from) {
    Path to = version(slot, version);
    try (Stream<Path> files = Files.list(from)) {
      Files.createDirectories(to);
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(f.getFileName().toString());
        if (!Files.exists(target)) {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  @Override
  public void writeVersionFile(Slot slot, String version, String name, byte[] content) {
    ModelDirectory.requireName(name, "file name");
    Path dir = version(slot, version);
    try {
      Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " in " + dir, e);
    }
  }

  @Override
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

  @Override
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

  @Override
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

  @Override
  public Optional<byte[]> lastTraining(Slot slot) {
    Path file = slotDirectory(slot).resolve(TRAINING_FILE);
    try {
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
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

  @Override
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

  @Override
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
}

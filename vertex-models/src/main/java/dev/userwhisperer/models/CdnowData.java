package dev.userwhisperer.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CDNOW purchase log (Fader and Hardie's dataset): {@code CDNOW_master.txt} with every purchase
 * of the 1997 Q1 cohort, and {@code CDNOW_sample.txt}, the 1/10 sample of the literature, whose
 * first column is the master customer id.
 */
public record CdnowData(List<Purchase> purchases, Set<String> sampleCustomers) {
  public static final String MASTER_FILE = "CDNOW_master.txt";
  public static final String SAMPLE_FILE = "CDNOW_sample.txt";
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  public CdnowData {
    purchases = List.copyOf(purchases);
    sampleCustomers = Set.copyOf(sampleCustomers);
  }

  /**
   * Reads both files from {@code directory}.
   *
   * @throws IllegalArgumentException when the directory or a file is missing, with what to do
   */
  public static CdnowData read(Path directory) {
    Path master = directory.resolve(MASTER_FILE);
    Path sample = directory.resolve(SAMPLE_FILE);
    if (!Files.isRegularFile(master) || !Files.isRegularFile(sample)) {
      throw new IllegalArgumentException(
          "CDNOW data not found: expected "
              + MASTER_FILE
              + " and "
              + SAMPLE_FILE
              + " in "
              + directory.toAbsolutePath().normalize()
              + " (pass --data DIR; see vertex-models/README.md for where the files come from)");
    }
    return new CdnowData(readMaster(master), readSampleIds(sample));
  }

  private static List<Purchase> readMaster(Path file) {
    List<Purchase> purchases = new ArrayList<>();
    List<String> lines = lines(file);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = fields(lines.get(i), 4, file, i);
      if (f == null) {
        continue;
      }
      purchases.add(
          new Purchase(
              customerId(f[0]),
              LocalDate.parse(f[1], DAY).atStartOfDay(ZoneOffset.UTC).toInstant(),
              Double.parseDouble(f[3]),
              Integer.parseInt(f[2])));
    }
    return purchases;
  }

  private static Set<String> readSampleIds(Path file) {
    Set<String> ids = new LinkedHashSet<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String[] f = fields(lines.get(i), 5, file, i);
      if (f != null) {
        ids.add(customerId(f[0]));
      }
    }
    return ids;
  }

  private static String[] fields(String line, int expected, Path file, int index) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    String[] f = trimmed.split("\\s+");
    if (f.length != expected) {
      throw new IllegalArgumentException(
          file.getFileName()
              + " line "
              + (index + 1)
              + ": expected "
              + expected
              + " fields, got "
              + f.length);
    }
    return f;
  }

  /** Ids are zero-padded in both files; the number is the identity. */
  private static String customerId(String raw) {
    return Integer.toString(Integer.parseInt(raw));
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.userwhisperer.models.uplift;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A campaign export read from CSV: a header row and data rows of strings, all of the header's
 * width. Fields may be quoted ({@code "a, b"}, with {@code ""} for a quote inside); a quoted field
 * may not span lines. Blank lines are skipped.
 */
public record CampaignTable(String source, List<String> header, List<String[]> rows) {
  private static final Set<String> MISSING = Set.of("", "na", "nan", "null");

  public CampaignTable {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /**
   * Reads the file.
   *
   * @throws InvalidCampaignException when it is missing, empty, has no data rows, a repeated column
   *     name or a row of another width than the header
   */
  public static CampaignTable read(Path file) {
    String source = file.toString();
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        String[] fields = split(line, source, lineNumber);
        if (header == null) {
          header = List.of(fields);
          if (Set.copyOf(header).size() != header.size()) {
            throw new InvalidCampaignException(source + ": the header repeats a column name");
          }
        } else if (fields.length != header.size()) {
          throw new InvalidCampaignException(
              String.format(
                  Locale.ROOT,
                  "%s line %d: %d fields, the header has %d",
                  source,
                  lineNumber,
                  fields.length,
                  header.size()));
        } else {
          rows.add(fields);
        }
      }
    } catch (NoSuchFileException e) {
      throw new InvalidCampaignException("file not found: " + source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (header == null) {
      throw new InvalidCampaignException(source + " is empty: expected a header row and data rows");
    }
    if (rows.isEmpty()) {
      throw new InvalidCampaignException(source + " has a header but no data rows");
    }
    return new CampaignTable(source, header, rows);
  }

  /** The position of the column. */
  public int column(String name) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new InvalidCampaignException(
          "column '"
              + name
              + "' not in "
              + source
              + " (columns: "
              + String.join(", ", header)
              + ")");
    }
    return index;
  }

  public int size() {
    return rows.size();
  }

  /** Whether a field counts as missing: empty, NA, NaN or null in any case. */
  static boolean missing(String value) {
    return MISSING.contains(value.trim().toLowerCase(Locale.ROOT));
  }

  private static String[] split(String line, String source, int lineNumber) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().trim());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new InvalidCampaignException(
          source + " line " + lineNumber + ": a quoted field does not end on its line");
    }
    fields.add(field.toString().trim());
    return fields.toArray(String[]::new);
  }
}

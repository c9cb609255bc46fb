package dev.userwhisperer.local.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The dashboard views of {@code bigquery/views}, shipped by this module under {@code
 * warehouse/views}: the same SELECTs the BigQuery dataset has, created on the local warehouse so
 * that its file answers the same queries ({@code uplift_outcomes} for learning, {@code
 * holdout_lift} and the rest for people).
 */
public final class DashboardViews {
  private static final String FILES = "classpath*:warehouse/views/*.sql";

  private DashboardViews() {}

  /** Creates, or replaces, every view on the warehouse; answers their names, sorted. */
  public static List<String> createAll(DuckDbWarehouse warehouse) {
    List<String> names = new ArrayList<>();
    for (Resource file : files()) {
      String name = file.getFilename().replaceFirst("\\.sql$", "");
      warehouse.createView(name, read(file));
      names.add(name);
    }
    return names;
  }

  private static List<Resource> files() {
    try {
      Resource[] found = new PathMatchingResourcePatternResolver().getResources(FILES);
      if (found.length == 0) {
        throw new IllegalStateException("no view on the classpath at " + FILES);
      }
      return Arrays.stream(found).sorted(Comparator.comparing(Resource::getFilename)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + FILES, e);
    }
  }

  private static String read(Resource file) {
    try (InputStream in = file.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read view " + file.getFilename(), e);
    }
  }
}

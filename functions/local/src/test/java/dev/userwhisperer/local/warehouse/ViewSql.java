package dev.userwhisperer.local.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A view of bigquery/views as this module ships it, and the string literals in part of it. */
final class ViewSql {
  private static final Pattern LITERAL = Pattern.compile("'([a-z_]+)'");

  private ViewSql() {}

  static String of(String view) throws IOException {
    try (InputStream in =
        ViewSql.class.getClassLoader().getResourceAsStream("warehouse/views/" + view + ".sql")) {
      if (in == null) {
        throw new IllegalStateException("view " + view + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The quoted names in the first match of {@code around}'s group 1. */
  static Set<String> literals(String sql, String around) {
    Matcher part = Pattern.compile(around).matcher(sql);
    if (!part.find()) {
      throw new IllegalStateException("no match of " + around);
    }
    Set<String> names = new TreeSet<>();
    Matcher literal = LITERAL.matcher(part.group(1));
    while (literal.find()) {
      names.add(literal.group(1));
    }
    return names;
  }
}

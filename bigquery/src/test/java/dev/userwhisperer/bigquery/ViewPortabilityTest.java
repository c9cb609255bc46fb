package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules of bigquery/README.md that keep a view runnable on both BigQuery and DuckDB, and its
 * table references qualifiable by Terraform, checked on every file of views/.
 */
class ViewPortabilityTest {
  private static final Pattern RELATION =
      Pattern.compile("\\b(?:FROM|JOIN)\\s+([A-Za-z_][A-Za-z0-9_.]*)");
  private static final Pattern CTE =
      Pattern.compile("(?:\\bWITH|,)\\s+([a-z_][a-z0-9_]*)\\s+AS\\s*\\(");
  private static final List<String> NOT_IN_BOTH =
      List.of(
          "`",
          "\"",
          ";",
          "::",
          "INTERVAL\\s*-",
          "\\b(?:SAFE_DIVIDE|COUNTIF|QUALIFY|DATE_TRUNC|DATE_SUB|DATE_DIFF)\\b",
          "\\b(?:FORMAT_DATE|STRFTIME|WEEK|ISOWEEK|DAYOFWEEK|FLOAT64|ILIKE|JSON_[A-Z_]+)\\b");

  @Test
  void viewsUseOnlyTheSyntaxBothEnginesAccept() throws Exception {
    for (Path file : DuckDbViews.viewFiles()) {
      String sql = withoutComments(Files.readString(file));
      for (String construct : NOT_IN_BOTH) {
        assertThat(Pattern.compile(construct, Pattern.CASE_INSENSITIVE).matcher(sql).find())
            .as("%s uses %s", file, construct)
            .isFalse();
      }
    }
  }

  @Test
  void viewsReadOnlyWarehouseTablesByBareNameAndNameNoCteLikeATable() throws Exception {
    Set<String> tables = new HashSet<>();
    TableSchema.readAll(DuckDbViews.SCHEMAS).forEach(t -> tables.add(t.table()));
    for (Path file : DuckDbViews.viewFiles()) {
      String sql = withoutComments(Files.readString(file));
      assertThat(Pattern.compile("\\b(?:from|join)\\b").matcher(sql).find())
          .as("%s writes FROM and JOIN in capitals, as Terraform's qualifier expects", file)
          .isFalse();
      Set<String> ctes = new HashSet<>();
      Matcher cte = CTE.matcher(sql);
      while (cte.find()) {
        ctes.add(cte.group(1));
      }
      assertThat(ctes).as("%s CTE names", file).doesNotContainAnyElementsOf(tables);
      Matcher relation = RELATION.matcher(sql);
      while (relation.find()) {
        assertThat(relation.group(1))
            .as("%s reads %s", file, relation.group(1))
            .matches(name -> tables.contains(name) || ctes.contains(name));
      }
    }
  }

  private static String withoutComments(String sql) {
    return sql.replaceAll("--[^\\n]*", "");
  }
}

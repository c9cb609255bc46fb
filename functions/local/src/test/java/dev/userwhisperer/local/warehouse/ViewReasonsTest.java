package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.DecisionReason;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Every decision reason a dashboard view filters on is one that decide writes. */
class ViewReasonsTest {
  private static final Pattern REASON_FILTER =
      Pattern.compile("reason\\s*(?:=|<>|!=|(?:NOT\\s+)?IN)\\s*(\\([^)]*\\)|'[^']*')");
  private static final Pattern LITERAL = Pattern.compile("'([^']*)'");

  @Test
  void everyReasonAViewNamesIsADecisionReason() throws Exception {
    Map<String, String> named = new TreeMap<>();
    for (Resource view :
        new PathMatchingResourcePatternResolver()
            .getResources("classpath*:warehouse/views/*.sql")) {
      String sql;
      try (InputStream in = view.getInputStream()) {
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Matcher filter = REASON_FILTER.matcher(sql);
      while (filter.find()) {
        Matcher literal = LITERAL.matcher(filter.group(1));
        while (literal.find()) {
          named.put(view.getFilename() + ": " + literal.group(1), literal.group(1));
        }
      }
    }

    assertThat(named).as("the views filter on reasons").hasSizeGreaterThanOrEqualTo(4);
    assertThat(named)
        .allSatisfy(
            (where, code) ->
                assertThat(code)
                    .as(where)
                    .isIn(
                        Arrays.stream(DecisionReason.values()).map(DecisionReason::code).toList()));
  }
}

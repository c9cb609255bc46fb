package dev.userwhisperer.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableViewTest {

  @Test
  void columnsKeepTheViewsOrderWithoutTheOmittedOnesAndValuesReadAsText() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", "demo");
    row.put("channel", "email");
    row.put("messages", 12L);
    row.put("open_rate", new BigDecimal("0.4167"));
    row.put("rounded", 3.0);
    row.put("sent", Instant.parse("2026-03-02T10:00:12.5Z"));
    row.put("missing", null);

    TableView table = TableView.of(List.of(row), "app_id");

    assertThat(table.columns())
        .containsExactly("channel", "messages", "open_rate", "rounded", "sent", "missing");
    assertThat(table.rows())
        .containsExactly(List.of("email", "12", "0.4167", "3", "2026-03-02 10:00:12", ""));
  }

  @Test
  void noRowsIsAnEmptyTable() {
    assertThat(TableView.of(List.of()).isEmpty()).isTrue();
  }
}

package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The variant_performance view on DuckDB: each content variant's clicks and conversions within the
 * attribution window, with the 95 % credible interval of its rate.
 */
class VariantPerformanceViewTest {
  private static final String QUERY =
      "SELECT * FROM variant_performance ORDER BY app_id, intervention, channel, variant";
  private static final String SENT = "2026-01-01 10:00:00";

  private DuckDbViews warehouse;
  private int ids;

  @BeforeEach
  void createWarehouse() throws Exception {
    warehouse = new DuckDbViews().withViews();
  }

  @AfterEach
  void close() throws Exception {
    warehouse.close();
  }

  @Test
  void eachVariantHasItsRatesAndACredibleIntervalOfWhatItsMessagesActedOn() throws Exception {
    for (int i = 0; i < 10; i++) {
      String a = message("winback", "email", "a", null);
      if (i < 2) {
        delivery(a, "clicked", "2026-01-01 11:00:00");
      } else if (i == 2) {
        warehouse.event("u-" + a, "c-" + a, "subscription_started", "2026-01-02 10:00:00");
      }
      String b = message("winback", "email", "b", null);
      delivery(b, "opened", "2026-01-01 11:00:00");
    }

    assertThat(warehouse.columns("variant_performance"))
        .containsExactly(
            "app_id",
            "intervention",
            "channel",
            "variant",
            "messages",
            "clicked",
            "converted",
            "acted",
            "click_rate",
            "conversion_rate",
            "acted_rate",
            "acted_low",
            "acted_high");
    assertThat(warehouse.rows(QUERY))
        .containsExactly(
            "a1|winback|email|a|10|2|1|3|0.2|0.1|0.3|0.0771|0.5896",
            "a1|winback|email|b|10|0|0|0|0.0|0.0|0.0|0.0|0.2336");
  }

  @Test
  void aTappedPushIsAClickAndAnAnswerAfterTheWindowIsNone() throws Exception {
    String tapped = message("feature_tip", "push", "b", null);
    delivery(tapped, "opened", "2026-01-01 10:05:00");
    String late = message("feature_tip", "push", "b", null);
    delivery(late, "opened", "2026-01-04 10:00:01");
    warehouse.event("u-" + late, "c-late", "subscription_started", "2026-01-04 10:00:01");

    assertThat(warehouse.rows(QUERY))
        .containsExactly("a1|feature_tip|push|b|2|1|0|1|0.5|0.0|0.5|0.0617|0.9383");
  }

  @Test
  void aBlockedMessageAndOneFromBeforeVariantsAreNotCounted() throws Exception {
    String counted = message("welcome", "sms", "a", null);
    delivery(counted, "clicked", "2026-01-01 10:05:00");
    message("welcome", "sms", "a", "sms_segments");
    message("welcome", "sms", null, null);

    assertThat(warehouse.rows(QUERY))
        .containsExactly("a1|welcome|sms|a|1|1|0|1|1.0|0.0|1.0|0.2047|1.0");
  }

  /** A message sent at {@link #SENT}; returns its outbound id. */
  private String message(String intervention, String channel, String variant, String block)
      throws Exception {
    String id = "m" + ids++;
    Map<String, String> row = new java.util.LinkedHashMap<>();
    row.put("app_id", "a1");
    row.put("outbound_id", id);
    row.put("decision_id", "d-" + id);
    row.put("user_id", "u-" + id);
    row.put("channel", channel);
    row.put("intervention", intervention);
    if (variant != null) {
      row.put("variant", variant);
    }
    if (block != null) {
      row.put("compliance_block", block);
    }
    row.put("created_at", SENT);
    warehouse.insert("messages", row);
    return id;
  }

  private void delivery(String outboundId, String status, String at) throws Exception {
    warehouse.insert(
        "deliveries",
        Map.of(
            "app_id",
            "a1",
            "outbound_id",
            outboundId,
            "user_id",
            "u-" + outboundId,
            "channel",
            "email",
            "status",
            status,
            "at",
            at));
  }
}

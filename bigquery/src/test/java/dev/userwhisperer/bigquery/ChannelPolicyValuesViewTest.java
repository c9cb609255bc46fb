package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel_policy_values view on DuckDB: off-policy values of always-this-channel policies. */
class ChannelPolicyValuesViewTest {
  private static final String QUERY = "SELECT * FROM channel_policy_values ORDER BY 1, 2";

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

  /**
   * A log with a known answer: every user could get e-mail or push; the logging policy took e-mail
   * with probability 0.3, and e-mail is answered 40 % of the time, push 10 %. Always-e-mail is
   * worth 0.4, always-push 0.1, whatever the logging policy got (0.19); SMS was never possible, so
   * "SMS where possible" is the logged policy itself.
   */
  @Test
  void theValueOfAlwaysTakingAChannelIsItsAnswerRateWhateverTheLoggingPolicyPreferred()
      throws Exception {
    for (int i = 0; i < 30; i++) {
      sent("email,push", "email", 0.3, i < 12);
    }
    for (int i = 0; i < 70; i++) {
      sent("email,push", "push", 0.7, i < 7);
    }

    assertThat(warehouse.rows(QUERY))
        .containsExactly(
            "a1|email|100|100|0.19|0.4|30.0",
            "a1|push|100|100|0.19|0.1|70.0",
            "a1|sms|100|0|0.19|0.19|100.0");
  }

  @Test
  void aChannelThatWasNotEligibleKeepsTheLoggedChoice() throws Exception {
    sent("email,push", "email", 0.5, true);
    sent("email,push", "push", 0.5, false);
    sent("email", "email", 1.0, false);

    assertThat(warehouse.rows(QUERY))
        .containsExactly(
            "a1|email|3|3|0.3333|0.6667|1.8",
            "a1|push|3|2|0.3333|0.0|1.8",
            "a1|sms|3|0|0.3333|0.3333|3.0");
  }

  @Test
  void onlySentVersionThreeDecisionsWithAMessageCountAndAnAnswerCountsOnce() throws Exception {
    String answeredTwice = sent("email,push", "email", 0.5, true);
    delivery(answeredTwice, "clicked");
    decision("not-sent", "NOT_ELIGIBLE", null, null, 1.0);
    String beforeVersionThree = "v2";
    decision(beforeVersionThree, "SEND", "email", null, 1.0);
    message(beforeVersionThree, "email");
    decision("deferred", "DEFERRED", "push", "email,push", 0.5);

    assertThat(warehouse.rows(QUERY))
        .containsExactly(
            "a1|email|1|1|1.0|1.0|1.0", "a1|push|1|1|1.0|null|null", "a1|sms|1|0|1.0|1.0|1.0");
  }

  /** A sent decision, its message, and an open when answered; returns the decision id. */
  private String sent(String channels, String channel, double propensity, boolean answered)
      throws Exception {
    String id = "d" + ids++;
    decision(id, "SEND", channel, channels, propensity);
    message(id, channel);
    delivery(id, "delivered");
    if (answered) {
      delivery(id, "opened");
    }
    return id;
  }

  private void decision(
      String id, String outcome, String channel, String channels, double channelPropensity)
      throws Exception {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("app_id", "a1");
    row.put("decision_id", id);
    row.put("user_id", "u-" + id);
    row.put("outcome", outcome);
    row.put("reason", "eligible");
    if (channel != null) {
      row.put("channel", channel);
    }
    if (channels != null) {
      row.put("channels", channels);
    }
    row.put("decided_at", "2026-01-01 10:00:00");
    row.put("channel_propensity", Double.toString(channelPropensity));
    row.put("propensity", Double.toString(channelPropensity));
    warehouse.insert("decisions", row);
  }

  private void message(String decisionId, String channel) throws Exception {
    warehouse.insert(
        "messages",
        Map.of(
            "app_id",
            "a1",
            "outbound_id",
            "m-" + decisionId,
            "decision_id",
            decisionId,
            "user_id",
            "u-" + decisionId,
            "channel",
            channel,
            "created_at",
            "2026-01-01 10:00:00"));
  }

  private void delivery(String decisionId, String status) throws Exception {
    warehouse.insert(
        "deliveries",
        Map.of(
            "app_id",
            "a1",
            "outbound_id",
            "m-" + decisionId,
            "user_id",
            "u-" + decisionId,
            "channel",
            "email",
            "status",
            status,
            "at",
            "2026-01-01 11:00:00"));
  }
}

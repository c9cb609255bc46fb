package dev.userwhisperer.core.warehouse;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.ContactData;
import dev.userwhisperer.core.profile.Profile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Maps domain records to warehouse rows whose columns are those of {@code bigquery/schemas/*.json}.
 * Values are String, Long, Double, Boolean or Instant; JSON columns hold JSON text.
 */
public final class WarehouseRows {
  private WarehouseRows() {}

  public static Map<String, Object> event(String appId, String userId, Event e) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", appId);
    row.put("message_id", e.messageId());
    row.put("user_id", userId);
    row.put("anonymous_id", e.anonymousId());
    row.put("type", e.type());
    row.put("event_time", e.timestamp());
    row.put("received_at", e.receivedAt() == null ? e.timestamp() : e.receivedAt());
    row.put("properties", Json.encodeToString(e.properties()));
    row.put("traits", Json.encodeToString(ContactData.redactTraits(e.traits())));
    row.put("context", Json.encodeToString(e.context()));
    return row;
  }

  public static Map<String, Object> quarantined(QuarantinedEvent q) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", q.appId());
    row.put("quarantine_id", q.quarantineId());
    row.put("message_id", q.messageId());
    row.put("received_at", q.receivedAt());
    row.put("payload", pseudonymousPayload(q.payload()));
    row.put("violations", Json.encodeToString(q.violations()));
    return row;
  }

  /**
   * The payload with the contact traits of its {@code traits} replaced by their pseudonyms (as it
   * was when it holds none); a payload that is not a JSON object keeps only its size and hash,
   * since anything may be in it.
   */
  static String pseudonymousPayload(String payload) {
    JsonNode event;
    try {
      event = Json.tree(payload.getBytes(StandardCharsets.UTF_8));
    } catch (Json.MalformedJson notJson) {
      event = null;
    }
    if (event == null || !event.isObject()) {
      return Json.encodeToString(
          Map.of(
              "unparseable",
              true,
              "bytes",
              payload.getBytes(StandardCharsets.UTF_8).length,
              "hash",
              ContactData.pseudonym(payload)));
    }
    JsonNode traits = event.path("traits");
    if (!traits.isObject() || ContactData.TRAITS.stream().noneMatch(traits::has)) {
      return payload;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields =
        Json.decode(payload.getBytes(StandardCharsets.UTF_8), LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> given = (Map<String, Object>) fields.get("traits");
    fields.put("traits", ContactData.redactTraits(given));
    return Json.encodeToString(fields);
  }

  public static Map<String, Object> profileSnapshot(Profile p, Instant snapshotAt) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", p.appId());
    row.put("user_id", p.userId());
    row.put("snapshot_at", snapshotAt);
    row.put("lifecycle", p.lifecycle().name());
    row.put("billing_status", p.billing().status().name().toLowerCase(Locale.ROOT));
    row.put("event_count", p.activity().eventCount());
    row.put("session_count", p.activity().sessionCount());
    row.put("first_seen", p.activity().firstSeen());
    row.put("last_active_at", p.activity().lastActiveAt());
    ChurnScore churn = p.churn();
    row.put("churn_probability", churn == null ? null : churn.probability());
    row.put("churn_model_version", churn == null ? null : churn.modelVersion());
    row.put("churn_scored_at", churn == null ? null : churn.scoredAt());
    row.put("churn_at_risk_since", churn == null ? null : churn.atRiskSince());
    row.put("profile", Json.encodeToString(ContactData.redact(p)));
    return row;
  }

  public static Map<String, Object> decision(Decision d) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", d.appId());
    row.put("decision_id", d.decisionId());
    row.put("user_id", d.userId());
    row.put("signal_id", d.signalId());
    row.put("signal_type", d.signalType());
    row.put("outcome", d.outcome().name());
    row.put("reason", d.reason().code());
    row.put("intervention", d.intervention());
    row.put("channel", d.channel() == null ? null : d.channel().wireName());
    row.put("decided_at", d.decidedAt());
    row.put("send_at", d.sendAt());
    row.put("candidates", Json.encodeToString(d.candidates()));
    row.put("send_hour", d.sendHour());
    row.put("channel_propensity", d.channelPropensity());
    row.put("hour_propensity", d.hourPropensity());
    row.put("propensity", d.propensity());
    row.put(
        "channels",
        d.channels().isEmpty()
            ? null
            : d.channels().stream().map(Channel::wireName).collect(Collectors.joining(",")));
    row.put(
        "hours",
        d.hours().isEmpty()
            ? null
            : d.hours().stream().map(String::valueOf).collect(Collectors.joining(",")));
    row.put("variant", d.variant());
    row.put("variant_propensity", d.variant() == null ? null : d.variantPropensity());
    row.put("variants", d.variants().isEmpty() ? null : String.join(",", d.variants()));
    return row;
  }

  /**
   * The point-in-time training row of a marketing decision that was sent or withheld at random: the
   * user's features as decide scored them ({@code FeatureVector}), a feature that is not a number
   * (NaN) as null, i.e. missing.
   *
   * @param treated whether the decision was to send (SEND or DEFERRED) rather than withheld
   * @param treatmentPropensity the probability of treatment under the policy that decided
   */
  public static Map<String, Object> decisionFeatures(
      Decision d, boolean treated, double treatmentPropensity, Map<String, Double> features) {
    Map<String, Object> values = new LinkedHashMap<>();
    features.forEach((name, value) -> values.put(name, Double.isFinite(value) ? value : null));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", d.appId());
    row.put("decision_id", d.decisionId());
    row.put("user_id", d.userId());
    row.put("intervention", d.intervention());
    row.put("decided_at", d.decidedAt());
    row.put("treated", treated);
    row.put("treatment_propensity", treatmentPropensity);
    row.put("features", Json.encodeToString(values));
    return row;
  }

  /**
   * The features of a {@code decision_features} row as {@link #decisionFeatures} wrote them ({@code
   * {"name": number}}, null for missing), in their order, missing ones NaN.
   *
   * @throws IllegalArgumentException when the text is a JSON value other than an object of numbers
   *     and nulls
   * @throws Json.MalformedJson when it is not JSON
   */
  public static Map<String, Double> features(String json) {
    JsonNode tree = Json.tree(json.getBytes(StandardCharsets.UTF_8));
    if (!tree.isObject()) {
      throw new IllegalArgumentException("features must be a JSON object, got " + tree);
    }
    Map<String, Double> features = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        features.put(e.getKey(), Double.NaN);
      } else if (v.isNumber()) {
        features.put(e.getKey(), v.asDouble());
      } else {
        throw new IllegalArgumentException("feature " + e.getKey() + " is not a number: " + v);
      }
    }
    return features;
  }

  public static Map<String, Object> message(OutboundMessage m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", m.appId());
    row.put("outbound_id", m.outboundId());
    row.put("decision_id", m.decisionId());
    row.put("user_id", m.userId());
    row.put("channel", m.channel().wireName());
    row.put("intervention", m.intervention());
    row.put("variant", m.variant());
    row.put("locale", m.locale());
    row.put("created_at", m.createdAt());
    row.put("config_version", m.provenance().configVersion());
    row.put("writer", m.provenance().writer());
    row.put("fallback_reason", m.provenance().fallbackReason());
    row.put("cached", m.provenance().cached());
    row.put("input_tokens", (long) m.provenance().inputTokens());
    row.put("output_tokens", (long) m.provenance().outputTokens());
    row.put("compliance_block", null);
    return row;
  }

  /**
   * A message compose wrote but did not send because it broke a compliance rule: a row of {@code
   * messages} with the rule in {@code compliance_block}.
   */
  public static Map<String, Object> blockedMessage(OutboundMessage m, String rule) {
    Map<String, Object> row = message(m);
    row.put("compliance_block", rule);
    return row;
  }

  public static Map<String, Object> delivery(Delivery d) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", d.appId());
    row.put("outbound_id", d.outboundId());
    row.put("user_id", d.userId());
    row.put("channel", d.channel().wireName());
    row.put("status", d.status());
    row.put("provider_id", d.providerId());
    row.put("at", d.at());
    return row;
  }

  /** The tombstone of an erased user, which every dashboard view excludes. */
  public static Map<String, Object> erasedUser(
      String appId, String userId, String erasureId, Instant erasedAt) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", appId);
    row.put("user_id", userId);
    row.put("erasure_id", erasureId);
    row.put("erased_at", erasedAt);
    return row;
  }
}

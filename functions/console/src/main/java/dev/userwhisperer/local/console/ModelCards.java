package dev.userwhisperer.local.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models}'s body as cards: per model its kind, intervention, version, whether it is
 * live and why not, and every other field (learner, training rows, held-out metrics) as a fact.
 */
public record ModelCards(List<Card> models, TableView training, String fallback) {
  private static final List<String> HEADLINE =
      List.of("kind", "intervention", "version", "live", "why");

  /** One model. */
  public record Card(
      String kind,
      String intervention,
      String version,
      boolean live,
      String why,
      Map<String, String> facts) {}

  @SuppressWarnings("unchecked")
  static ModelCards of(Map<String, Object> body) {
    List<Card> cards = new ArrayList<>();
    for (Map<String, Object> m : (List<Map<String, Object>>) body.get("models")) {
      Map<String, String> facts = new LinkedHashMap<>();
      m.forEach(
          (key, value) -> {
            if (!HEADLINE.contains(key) && value != null) {
              facts.put(key, TableView.text(value));
            }
          });
      cards.add(
          new Card(
              (String) m.get("kind"),
              (String) m.get("intervention"),
              (String) m.get("version"),
              Boolean.TRUE.equals(m.get("live")),
              (String) m.get("why"),
              facts));
    }
    return new ModelCards(
        cards,
        TableView.of((List<Map<String, Object>>) body.get("training")),
        (String) body.get("default"));
  }
}

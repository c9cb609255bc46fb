package dev.userwhisperer.bench;

import java.time.Instant;

/** Builds the JSON bodies the load generator posts: realistic event mixes, unique messageIds. */
final class EventBatches {
  private static final String[] TYPES = {
    "page_viewed",
    "feature_used",
    "page_viewed",
    "user_login",
    "feature_used",
    "page_viewed",
    "onboarding_step_completed",
    "error_encountered"
  };

  private EventBatches() {}

  static String batch(String runId, int worker, long sequence, int size, int users) {
    StringBuilder json = new StringBuilder(size * 220).append("{\"batch\":[");
    String now = Instant.now().toString();
    for (int i = 0; i < size; i++) {
      long n = sequence * size + i;
      int user = (int) Math.floorMod(n * 2654435761L + worker, users);
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"messageId\":\"")
          .append(runId)
          .append('-')
          .append(worker)
          .append('-')
          .append(n)
          .append("\",\"type\":\"")
          .append(TYPES[(int) (n % TYPES.length)])
          .append("\",\"userId\":\"load-user-")
          .append(user)
          .append("\",\"timestamp\":\"")
          .append(now)
          .append("\",\"properties\":{\"feature\":\"export\",\"page\":\"/home\"}")
          .append(
              ",\"context\":{\"locale\":\"en-US\",\"timezone\":\"Europe/Paris\",\"appVersion\":\"3.2.1\"}}");
    }
    return json.append("]}").toString();
  }
}

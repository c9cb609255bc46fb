package dev.userwhisperer.core.profile;

import java.time.Instant;
import java.util.Map;

/**
 * Counters of what the user did.
 *
 * @param lastActiveAt the last event of an activity type (see {@code EventTypes.ACTIVITY});
 *     messaging and billing events do not count as activity
 * @param sessionCount sessions, a new one starting after 30 minutes without activity
 * @param countsByType events per type
 */
public record Activity(
    Instant firstSeen,
    Instant lastSeen,
    Instant lastActiveAt,
    long eventCount,
    long sessionCount,
    Map<String, Long> countsByType) {

  public static final Activity NONE = new Activity(null, null, null, 0, 0, Map.of());

  public Activity {
    countsByType = countsByType == null ? Map.of() : Map.copyOf(countsByType);
  }

  public long count(String type) {
    return countsByType.getOrDefault(type, 0L);
  }
}

package dev.userwhisperer.core.port;

import dev.userwhisperer.core.profile.ArmCounts;
import java.util.Map;

/**
 * App-wide outcome counts per bandit arm ({@code Arms}: channels and hour-of-week buckets), the
 * hierarchical prior every user of the app starts from. One small record per app.
 */
public interface ArmStatistics {

  /** The counts of every arm of the app with an outcome; arms without one are absent. */
  Map<String, ArmCounts> counts(String appId);

  /**
   * Adds {@code increments} to the app's counts. Each arm's increment is atomic: concurrent calls
   * lose no count. Not idempotent: callers add each settled outcome once (the profile, which
   * settles it, is what deduplicates).
   */
  void add(String appId, Map<String, ArmCounts> increments);
}

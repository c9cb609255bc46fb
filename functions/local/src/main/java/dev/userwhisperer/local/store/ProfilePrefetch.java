package dev.userwhisperer.local.store;

import java.util.Collection;

/**
 * A profile store that can read and decode profiles ahead of their update, off the writer, so that
 * the update inside the writer's transaction finds them decoded.
 */
public interface ProfilePrefetch {
  /** Does nothing: for stores that read as fast as they could prefetch. */
  ProfilePrefetch NONE = (appId, userIds) -> {};

  /**
   * Reads and decodes the stored profiles of {@code userIds} of {@code appId} (those that exist);
   * what an update then finds changed since is read again, so a prefetch never changes a result.
   */
  void prefetch(String appId, Collection<String> userIds);
}

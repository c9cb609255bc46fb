package dev.userwhisperer.core.port;

import dev.userwhisperer.core.profile.Profile;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** One profile document per user of an app. */
public interface ProfileStore {
  Optional<Profile> find(String appId, String userId);

  /**
   * Reads the profile (or {@link Profile#empty} when there is none), applies {@code change} and
   * writes the result, all in one transaction; {@code change} may run more than once on contention,
   * so it must be a pure function.
   *
   * @return the profile as written
   */
  Profile update(String appId, String userId, UnaryOperator<Profile> change);

  /**
   * The profiles an {@code alias} merged into the user ({@link Profile#mergedInto} is {@code
   * userId}): the anonymous keys whose decisions, messages and consent are the user's history too.
   * Sorted; empty when none.
   */
  List<String> mergedInto(String appId, String userId);
}

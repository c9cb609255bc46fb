package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

public final class InMemoryProfileStore implements ProfileStore {
  private final Map<String, Profile> profiles = new ConcurrentHashMap<>();

  @Override
  public Optional<Profile> find(String appId, String userId) {
    return Optional.ofNullable(profiles.get(appId + "/" + userId));
  }

  @Override
  public synchronized Profile update(String appId, String userId, UnaryOperator<Profile> change) {
    Profile next = change.apply(find(appId, userId).orElseGet(() -> Profile.empty(appId, userId)));
    profiles.put(appId + "/" + userId, next);
    return next;
  }

  @Override
  public List<String> mergedInto(String appId, String userId) {
    return profiles.values().stream()
        .filter(p -> p.appId().equals(appId) && userId.equals(p.mergedInto()))
        .map(Profile::userId)
        .sorted()
        .toList();
  }

  @Override
  public List<Profile> due(int shard, Instant now, int limit) {
    return profiles.values().stream()
        .filter(p -> shard == ANY_SHARD || ProfileStore.sweepShard(p.appId(), p.userId()) == shard)
        .filter(p -> p.schedule().nextDueAt() != null && !p.schedule().nextDueAt().isAfter(now))
        .sorted(Comparator.comparing(p -> p.schedule().nextDueAt()))
        .limit(limit)
        .toList();
  }

  public void put(Profile profile) {
    profiles.put(profile.appId() + "/" + profile.userId(), profile);
  }

  public void remove(String appId, String userId) {
    profiles.remove(appId + "/" + userId);
  }

  /** Adds {@code task} to its user's profile (an empty one when there is none). */
  public void schedule(ScheduledTask task) {
    update(task.appId(), task.userId(), p -> p.withSchedule(p.schedule().with(task)));
  }

  /** Every profile's scheduled tasks. */
  public List<ScheduledTask> scheduled() {
    return profiles.values().stream().flatMap(p -> p.schedule().tasks().stream()).toList();
  }
}

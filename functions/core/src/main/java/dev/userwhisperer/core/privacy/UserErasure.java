package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import dev.userwhisperer.core.port.PersonalDataStore.ErasureScope;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.ContactData;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Erases one user of an app from every store (GDPR article 17) and answers with a receipt.
 *
 * <ol>
 *   <li>Reads what finds the user's records in stores not keyed by user: the decisions give the
 *       messages (outboundIds) and the deferred releases, the profile the messageIds of the user's
 *       recent events (ingest's dedup claims).
 *   <li>Keeps each opt-out the profile holds (an unsubscribed or refused channel with an address)
 *       as a suppression: the address's pseudonym, no user id. That is what the law requires to go
 *       on honouring the opt-out; nothing else is kept.
 *   <li>Asks every {@link PersonalDataStore} to erase, in order; each answers what it removed.
 * </ol>
 *
 * <p>The user's records include those under the anonymous ids an {@code alias} merged into the
 * user, which are erased with it.
 *
 * <p>Idempotent: erasing again removes nothing more and answers a receipt of zeros. Events of the
 * user that arrive afterwards (late, or retried by the app) start a fresh profile; the app should
 * stop sending them first. Counts app-wide ({@code ArmStatistics}) are sums over users and hold
 * nothing identifiable; the user's own counts were in the profile.
 */
public final class UserErasure {
  /** More decisions than any user gathers; all of them are read. */
  static final int ALL_DECISIONS = 1_000_000;

  private final ProfileStore profiles;
  private final DecisionLog decisions;
  private final ConsentTrail trail;
  private final List<PersonalDataStore> stores;
  private final Clock clock;

  public UserErasure(
      ProfileStore profiles,
      DecisionLog decisions,
      ConsentTrail trail,
      List<PersonalDataStore> stores,
      Clock clock) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.trail = Objects.requireNonNull(trail, "trail");
    this.stores = List.copyOf(stores);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Erases the user and every profile merged into the user by an {@code alias}, along the alias
   * chain ({@link MergedUserHistory#ids}): the decisions, messages and consent recorded under those
   * anonymous ids are the user's too. The ids are read before anything is erased; each id gets the
   * same erasure id, and the receipt sums the counts per store.
   */
  public ErasureReceipt erase(String appId, String userId) {
    Instant at = clock.instant();
    String erasureId = erasureId(appId, userId, at);
    List<String> ids = MergedUserHistory.ids(profiles, appId, userId);
    Map<String, Long> counts = new LinkedHashMap<>();
    Set<String> kept = new LinkedHashSet<>();
    for (String id : ids) {
      Optional<Profile> profile = profiles.find(appId, id);
      List<Decision> made = decisions.recent(appId, id, ALL_DECISIONS);
      ErasureScope scope = scope(erasureId, at, appId, id, profile, made);
      profile.ifPresent(p -> kept.addAll(suppressOptOuts(appId, p, at)));
      for (PersonalDataStore store : stores) {
        for (Erased e : store.erase(scope)) {
          counts.merge(e.store(), e.count(), Long::sum);
        }
      }
    }
    List<Erased> erased = new ArrayList<>();
    counts.forEach((store, count) -> erased.add(new Erased(store, count)));
    long total = erased.stream().mapToLong(Erased::count).sum();
    return new ErasureReceipt(
        erasureId, appId, userId, ids.subList(1, ids.size()), at, erased, total, List.copyOf(kept));
  }

  /** Puts each address the user opted out of on the suppression list; answers their channels. */
  private List<String> suppressOptOuts(String appId, Profile profile, Instant at) {
    List<String> kept = new ArrayList<>();
    Reachability r = profile.reachability();
    for (Channel c : Channel.values()) {
      String address = r.address(c);
      if (address != null && !address.isBlank() && optedOut(r, c)) {
        trail.suppress(appId, c, ContactData.pseudonym(address), at);
        kept.add(c.wireName());
      }
    }
    return kept;
  }

  private static boolean optedOut(Reachability r, Channel c) {
    return r.unsubscribed().contains(c) || Boolean.FALSE.equals(r.consent().get(c));
  }

  static ErasureScope scope(
      String erasureId,
      Instant at,
      String appId,
      String userId,
      Optional<Profile> profile,
      List<Decision> made) {
    Set<String> outboundIds = new LinkedHashSet<>();
    for (Decision d : made) {
      if (d.outcome() == Decision.Outcome.SEND || d.outcome() == Decision.Outcome.DEFERRED) {
        outboundIds.add(Ids.outboundOf(d));
      }
    }
    Set<String> eventIds = profile.map(p -> Set.copyOf(p.recentMessageIds())).orElse(Set.of());
    return new ErasureScope(erasureId, at, appId, userId, outboundIds, eventIds);
  }

  private static String erasureId(String appId, String userId, Instant at) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : List.of("erasure", appId, userId, at.toString())) {
        sha256.update(part.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return "er_" + HexFormat.of().formatHex(sha256.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.StableIds;
import dev.userwhisperer.core.decide.Decision.Outcome;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Channel;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.schedule.ScheduledTask;
import dev.userwhisperer.core.schedule.ScheduledTask.TaskKind;
import dev.userwhisperer.core.signal.Signal;
import dev.userwhisperer.core.warehouse.Table;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The decide stage: turns a signal into one {@link Decision}, records it (decision log and
 * warehouse) whatever its outcome, and returns it only when it is to be composed now (SEND).
 *
 * <p>The rules, in order: the {@link InterventionCatalog} ({@code no_intervention}, {@code
 * already_converted}); the global holdout for non-transactional interventions (HELD_OUT {@code
 * holdout}, naming the intervention withheld); a channel with an address, consent and no
 * unsubscribe ({@code unsubscribed}, {@code no_consent}, {@code no_address}); the frequency cap for
 * non-transactional interventions ({@code frequency_cap}); quiet hours in the user's time zone
 * (DEFERRED {@code quiet_hours}, released by a RELEASE_DECISION task); else SEND {@code eligible}.
 *
 * <p>The intervention is looked up before the holdout because the holdout measures the uplift of
 * marketing: a transactional message (a failed payment) is a service the user needs, so held-out
 * users get it too.
 *
 * <p>On event time: the signal's time ({@link Signal#at()}) is the decision's {@code decidedAt},
 * the {@code sendAt} of a message sent now, the moment whose local time is judged for quiet hours
 * and the end of the frequency-cap windows (which count messages by {@code sendAt}). No clock is
 * read, so a replay of the same signals decides the same, and a late signal is dated when it
 * happened.
 *
 * <p>Idempotent: the decisionId derives from the signal, and a signal already decided returns the
 * recorded decision instead of deciding again (which would count the first decision against the
 * frequency cap).
 */
public final class Decider implements Function<Signal, List<Decision>> {
  public static final String RELEASE_TASK_PREFIX = "release:";

  private final ProfileStore profiles;
  private final DecisionLog log;
  private final Warehouse warehouse;
  private final ScheduleStore schedule;
  private final InterventionCatalog catalog;
  private final DecisionPolicy policy;

  public Decider(
      ProfileStore profiles,
      DecisionLog log,
      Warehouse warehouse,
      ScheduleStore schedule,
      InterventionCatalog catalog,
      DecisionPolicy policy) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.log = Objects.requireNonNull(log, "log");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public static String decisionId(Signal signal) {
    return StableIds.of("decision", signal.appId(), signal.signalId());
  }

  /** Whether the user is in the global holdout: a stable hash of app and user, below the share. */
  public static boolean inHoldout(String appId, String userId, int holdoutPercent) {
    return StableIds.percentile(appId + ":" + userId) < holdoutPercent;
  }

  /**
   * The decision that releases a deferred one at its sendAt: outcome SEND, reason {@code released},
   * its own id ({@code <deferredId>:released}) so that the log keeps both, same signal,
   * intervention, channel and sendAt. See {@link Decision}.
   */
  public static String releasedId(String deferredId) {
    return deferredId + ":released";
  }

  public static Decision released(Decision deferred, Instant releasedAt) {
    if (deferred.outcome() != Outcome.DEFERRED) {
      throw new IllegalArgumentException(
          "only a DEFERRED decision is released: " + deferred.decisionId());
    }
    return new Decision(
        Decision.VERSION,
        releasedId(deferred.decisionId()),
        deferred.appId(),
        deferred.userId(),
        deferred.signalId(),
        deferred.signalType(),
        Outcome.SEND,
        "released",
        deferred.intervention(),
        deferred.channel(),
        releasedAt,
        deferred.sendAt(),
        deferred.propensity());
  }

  @Override
  public List<Decision> apply(Signal signal) {
    String decisionId = decisionId(signal);
    var earlier = log.find(signal.appId(), decisionId);
    if (earlier.isPresent()) {
      return earlier.filter(d -> d.outcome() == Outcome.SEND).stream().toList();
    }
    Decision decision = decide(signal, decisionId);
    log.record(decision);
    warehouse.append(Table.DECISIONS, List.of(WarehouseRows.decision(decision)));
    if (decision.outcome() == Outcome.DEFERRED) {
      schedule.schedule(
          new ScheduledTask(
              RELEASE_TASK_PREFIX + decisionId,
              decision.appId(),
              decision.userId(),
              TaskKind.RELEASE_DECISION,
              decision.sendAt(),
              Map.of("decisionId", decisionId)));
    }
    return decision.outcome() == Outcome.SEND ? List.of(decision) : List.of();
  }

  private Decision decide(Signal signal, String decisionId) {
    Instant now = signal.at();
    Profile profile =
        profiles
            .find(signal.appId(), signal.userId())
            .orElseGet(() -> Profile.empty(signal.appId(), signal.userId()));
    InterventionCatalog.Match match = catalog.match(signal, profile);
    if (match instanceof InterventionCatalog.NotApplicable none) {
      return decision(
          signal, decisionId, now, Outcome.NOT_ELIGIBLE, none.reason(), null, null, null);
    }
    Intervention intervention = ((InterventionCatalog.Found) match).candidates().get(0);
    String name = intervention.name();
    if (!intervention.transactional()
        && inHoldout(signal.appId(), signal.userId(), policy.holdoutPercent())) {
      return decision(signal, decisionId, now, Outcome.HELD_OUT, "holdout", name, null, null);
    }

    ChannelChoice choice = chooseChannel(intervention, profile.reachability());
    if (choice.channel() == null) {
      return decision(
          signal, decisionId, now, Outcome.NOT_ELIGIBLE, choice.reason(), name, null, null);
    }
    Channel channel = choice.channel();

    Instant at = signal.at();
    if (!intervention.transactional() && capped(signal, at)) {
      return decision(
          signal, decisionId, now, Outcome.NOT_ELIGIBLE, "frequency_cap", name, null, null);
    }

    ZonedDateTime local = at.atZone(zoneOf(profile));
    if (policy.isQuiet(local.toLocalTime())) {
      return decision(
          signal,
          decisionId,
          now,
          Outcome.DEFERRED,
          "quiet_hours",
          name,
          channel,
          endOfQuietHours(local));
    }
    return decision(signal, decisionId, now, Outcome.SEND, "eligible", name, channel, at);
  }

  private boolean capped(Signal signal, Instant at) {
    String app = signal.appId();
    String user = signal.userId();
    return log.countMessagesSince(app, user, at.minus(DecisionPolicy.DAY)) >= policy.maxPerDay()
        || log.countMessagesSince(app, user, at.minus(DecisionPolicy.WEEK)) >= policy.maxPerWeek();
  }

  private Instant endOfQuietHours(ZonedDateTime local) {
    ZonedDateTime end = local.with(policy.quietEnd());
    if (!end.isAfter(local)) {
      end = end.plusDays(1).with(policy.quietEnd());
    }
    return end.toInstant();
  }

  private static ZoneId zoneOf(Profile profile) {
    try {
      return ZoneId.of(profile.timezone());
    } catch (DateTimeException unknownZone) {
      return ZoneOffset.UTC;
    }
  }

  private record ChannelChoice(Channel channel, String reason) {}

  /**
   * The first channel that can be used. When none can, the most specific reason over all channels
   * wins: {@code unsubscribed}, then {@code no_consent}, then {@code no_address}.
   */
  private static ChannelChoice chooseChannel(Intervention intervention, Reachability reach) {
    boolean anyUnsubscribed = false;
    boolean anyWithoutConsent = false;
    for (Channel channel : intervention.channels()) {
      String address = reach.address(channel);
      if (address == null || address.isBlank()) {
        continue;
      }
      if (reach.unsubscribed().contains(channel)) {
        anyUnsubscribed = true;
      } else if (!consents(reach, channel)) {
        anyWithoutConsent = true;
      } else {
        return new ChannelChoice(channel, null);
      }
    }
    String reason =
        anyUnsubscribed ? "unsubscribed" : anyWithoutConsent ? "no_consent" : "no_address";
    return new ChannelChoice(null, reason);
  }

  /** SMS needs explicit consent (TCPA); e-mail and push need only no explicit refusal. */
  private static boolean consents(Reachability reach, Channel channel) {
    Boolean stated = reach.consent().get(channel);
    return channel == Channel.SMS ? Boolean.TRUE.equals(stated) : !Boolean.FALSE.equals(stated);
  }

  private static Decision decision(
      Signal signal,
      String decisionId,
      Instant decidedAt,
      Outcome outcome,
      String reason,
      String intervention,
      Channel channel,
      Instant sendAt) {
    return new Decision(
        Decision.VERSION,
        decisionId,
        signal.appId(),
        signal.userId(),
        signal.signalId(),
        signal.type().name(),
        outcome,
        reason,
        intervention,
        channel,
        decidedAt,
        sendAt,
        1.0);
  }
}

package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.Platform.LoggedDecision;
import dev.userwhisperer.simulator.ResponseType;
import dev.userwhisperer.simulator.Traits;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A platform arm's decisions for the judged users, by the users' hidden response type and by what
 * the decision did: whether the platform's gate withholds from the users a message helps, or from
 * those it harms.
 *
 * @param byType the counts of every response type
 */
record DecisionsByType(Map<ResponseType, Counts> byType) {
  DecisionsByType {
    byType = Map.copyOf(byType);
  }

  /**
   * One response type's judged users and their decisions that weighed interventions; a deferral
   * counts once, its release not again.
   *
   * @param sent decided to send, now or deferred (reasons {@code eligible}, {@code send_time},
   *     {@code quiet_hours})
   * @param gated not sent because no candidate's expected effect, net of the channel's cost, was
   *     worth a message ({@code no_uplift}): the uplift gate
   * @param heldOut withheld by the global holdout or an exploration draw ({@code HELD_OUT})
   * @param explored sent at random past the gate ({@code explored})
   * @param other not sent for another reason (caps, unsubscribed, no consent, …)
   */
  record Counts(long users, long sent, long gated, long heldOut, long explored, long other) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

    long decisions() {
      return sent + gated + heldOut + explored + other;
    }

    /** {@code count} per user, 0 without users. */
    double perUser(long count) {
      return users == 0 ? 0 : (double) count / users;
    }

    /** The gate's share of the decisions the gate judged (sent, gated, explored), 0 without. */
    double gatedShare() {
      long judged = sent + gated + explored;
      return judged == 0 ? 0 : (double) gated / judged;
    }

    private Counts plus(LoggedDecision d) {
      return switch (d.outcome()) {
        case "SEND" ->
            "explored".equals(d.reason())
                ? new Counts(users, sent, gated, heldOut, explored + 1, other)
                : new Counts(users, sent + 1, gated, heldOut, explored, other);
        case "DEFERRED" -> new Counts(users, sent + 1, gated, heldOut, explored, other);
        case "HELD_OUT" -> new Counts(users, sent, gated, heldOut + 1, explored, other);
        default ->
            "no_uplift".equals(d.reason())
                ? new Counts(users, sent, gated + 1, heldOut, explored, other)
                : new Counts(users, sent, gated, heldOut, explored, other + 1);
      };
    }
  }

  /** The judged users (signed up from {@code steadyFrom}) by type, and their decisions. */
  static DecisionsByType of(
      List<Traits> population, Instant steadyFrom, List<JudgedDecision> decisions) {
    Map<ResponseType, Counts> counts = new EnumMap<>(ResponseType.class);
    for (ResponseType type : ResponseType.values()) {
      counts.put(type, Counts.NONE);
    }
    for (Traits t : population) {
      if (!t.signupAt().isBefore(steadyFrom)) {
        Counts c = counts.get(t.responseType());
        counts.put(
            t.responseType(),
            new Counts(c.users() + 1, c.sent(), c.gated(), c.heldOut(), c.explored(), c.other()));
      }
    }
    for (JudgedDecision j : decisions) {
      if (!j.decision().isRelease()) {
        counts.put(j.type(), counts.get(j.type()).plus(j.decision()));
      }
    }
    return new DecisionsByType(counts);
  }

  Counts of(ResponseType type) {
    return byType.getOrDefault(type, Counts.NONE);
  }
}

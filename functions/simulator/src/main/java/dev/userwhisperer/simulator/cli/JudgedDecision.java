package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.Platform;
import dev.userwhisperer.simulator.Platform.LoggedDecision;
import dev.userwhisperer.simulator.ResponseType;
import dev.userwhisperer.simulator.Simulation;
import dev.userwhisperer.simulator.Traits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A decision of a platform arm for a judged user (signed up after the warm-up), within the user's
 * 30 days, read back from the platform's decision log, with the user's hidden response type (which
 * the report may know; the platform never does).
 */
record JudgedDecision(ResponseType type, LoggedDecision decision) {
  /** More than a user's decisions in a run (a handful a week), within what the API serves. */
  static final int DECISION_LIMIT = 500;

  JudgedDecision {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(decision, "decision");
  }

  /** Asks the platform, user by user, for the judged users' decisions. */
  static List<JudgedDecision> read(Platform platform, List<Traits> population, Instant steadyFrom) {
    List<JudgedDecision> judged = new ArrayList<>();
    for (Traits t : population) {
      if (t.signupAt().isBefore(steadyFrom)) {
        continue;
      }
      Instant windowEnd = t.signupAt().plus(Duration.ofDays(Simulation.WINDOW_DAYS));
      for (LoggedDecision d : platform.decisions(t.userId(), DECISION_LIMIT)) {
        if (d.decidedAt().isBefore(windowEnd)) {
          judged.add(new JudgedDecision(t.responseType(), d));
        }
      }
    }
    return judged;
  }
}

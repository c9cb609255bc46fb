package dev.userwhisperer.core.message;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.userwhisperer.core.message.Decision.Outcome;

/**
 * Why decide concluded what it did: every decision's machine-readable {@code reason}, written as
 * its {@link #code()} in the decision log, the warehouse and the API. The public API documents the
 * same list (a test keeps them equal), and dashboard views filter on these codes.
 */
public enum DecisionReason {
  ELIGIBLE("eligible", Outcome.SEND, "sent now"),
  RELEASED("released", Outcome.SEND, "a deferred decision sent at its send time"),
  EXPLORED(
      "explored",
      Outcome.SEND,
      "sent at random although its expected effect is not worth a message (the gated exploration"
          + " share), so that the model's negative predictions are checked"),
  SEND_TIME("send_time", Outcome.DEFERRED, "waits for the send hour its bandit chose"),
  QUIET_HOURS("quiet_hours", Outcome.DEFERRED, "waits for the end of the user's quiet hours"),
  HOLDOUT("holdout", Outcome.HELD_OUT, "the user is in the global holdout: no marketing message"),
  EXPLORATION(
      "exploration",
      Outcome.HELD_OUT,
      "withheld at random (the intervention's exploration share) so that its effect can be learned"),
  NO_INTERVENTION(
      "no_intervention", Outcome.NOT_ELIGIBLE, "the catalog has nothing for this user now"),
  ALREADY_CONVERTED(
      "already_converted", Outcome.NOT_ELIGIBLE, "a trial or upgrade message to a paying user"),
  TRIAL_IN_PROGRESS(
      "trial_in_progress",
      Outcome.NOT_ELIGIBLE,
      "an upgrade offer during a trial; the ask is made at the trial's end"),
  REMINDER_ANSWERED(
      "reminder_answered",
      Outcome.NOT_ELIGIBLE,
      "the trial's last call to a user who answered the trial reminder"),
  INTERVENTION_OFF(
      "intervention_off",
      Outcome.NOT_ELIGIBLE,
      "every intervention the catalog offered is turned off in the app's configuration"),
  NO_UPLIFT(
      "no_uplift",
      Outcome.NOT_ELIGIBLE,
      "no candidate's expected uplift is above the minimum worth a message"),
  NO_ADDRESS("no_address", Outcome.NOT_ELIGIBLE, "no address on any channel of the intervention"),
  UNSUBSCRIBED(
      "unsubscribed", Outcome.NOT_ELIGIBLE, "unsubscribed from the intervention's channels"),
  NO_CONSENT("no_consent", Outcome.NOT_ELIGIBLE, "no consent on the intervention's channels"),
  FREQUENCY_CAP(
      "frequency_cap",
      Outcome.NOT_ELIGIBLE,
      "the user's daily or weekly cap, halved after ignored messages, is reached"),
  RESERVED_FOR_TRIAL_ENDING(
      "reserved_for_trial_ending",
      Outcome.NOT_ELIGIBLE,
      "a lower-uplift message would leave the coming trial reminder no room under the caps");

  private final String code;
  private final Outcome outcome;
  private final String meaning;

  DecisionReason(String code, Outcome outcome, String meaning) {
    this.code = code;
    this.outcome = outcome;
    this.meaning = meaning;
  }

  /** The code written in the log, the warehouse and the API. */
  @JsonValue
  public String code() {
    return code;
  }

  /** The outcome a decision with this reason has. */
  public Outcome outcome() {
    return outcome;
  }

  /** What the reason means, in a few words, as the API documents it. */
  public String meaning() {
    return meaning;
  }

  @Override
  public String toString() {
    return code;
  }
}

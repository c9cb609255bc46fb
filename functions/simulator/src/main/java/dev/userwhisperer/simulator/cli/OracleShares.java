package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.ArmResult;
import dev.userwhisperer.simulator.ResponseType;
import java.util.List;

/**
 * How much of the oracle's lift each arm got in one run (one seed, one share of sleeping dogs):
 * (arm − none) / (oracle − none), for 30-day retention and for trial → paid, and what the arm did
 * to the sleeping dogs against no messages.
 *
 * @param oracleRetentionLift the oracle's retention over no messages, in points
 * @param oracleConversionLift the oracle's trial → paid over no messages, in points
 * @param arms every arm but no messages and the oracle, in the run's order
 */
record OracleShares(
    long seed,
    double sleepingDogShare,
    double oracleRetentionLift,
    double oracleConversionLift,
    List<Share> arms) {

  OracleShares {
    arms = List.copyOf(arms);
  }

  /**
   * One arm's shares, NaN when the oracle has no lift to share, and the sleeping dogs' retention
   * and trial → paid under it against no messages, in points (NaN without sleeping dogs).
   */
  record Share(
      String arm,
      double retention,
      double conversion,
      double sleepingDogRetention,
      double sleepingDogConversion) {}

  /** The shares in a run whose first arm is no messages, the oracle named {@code oracleArm}. */
  static OracleShares of(
      long seed, double sleepingDogShare, List<ArmResult> results, String oracleArm) {
    ArmResult none = results.get(0);
    ArmResult oracle =
        results.stream()
            .filter(a -> a.arm().equals(oracleArm))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no oracle arm " + oracleArm));
    List<Share> arms =
        results.stream()
            .filter(a -> a != none && a != oracle)
            .map(a -> share(none, oracle, a))
            .toList();
    return new OracleShares(
        seed,
        sleepingDogShare,
        100 * (oracle.retention30() - none.retention30()),
        100 * (oracle.trialConversion() - none.trialConversion()),
        arms);
  }

  /** The arm's share, by name. */
  Share of(String arm) {
    return arms.stream()
        .filter(s -> s.arm().equals(arm))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no arm " + arm));
  }

  static Share share(ArmResult none, ArmResult oracle, ArmResult arm) {
    ArmResult.TypeOutcome dogs = arm.of(ResponseType.SLEEPING_DOG);
    ArmResult.TypeOutcome dogsUnmessaged = none.of(ResponseType.SLEEPING_DOG);
    return new Share(
        arm.arm(),
        ofLift(arm.retention30(), none.retention30(), oracle.retention30()),
        ofLift(arm.trialConversion(), none.trialConversion(), oracle.trialConversion()),
        dogs.users() == 0 ? Double.NaN : 100 * (dogs.retention30() - dogsUnmessaged.retention30()),
        dogs.trialUsers() == 0
            ? Double.NaN
            : 100 * (dogs.trialConversion() - dogsUnmessaged.trialConversion()));
  }

  /** (arm − none) / (oracle − none); NaN when the oracle does no better than no messages. */
  static double ofLift(double arm, double none, double oracle) {
    double lift = oracle - none;
    return lift > 0 ? (arm - none) / lift : Double.NaN;
  }
}

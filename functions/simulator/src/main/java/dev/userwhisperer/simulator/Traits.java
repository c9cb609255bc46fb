package dev.userwhisperer.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What the simulator knows about a user and the platform never sees: it only sees the events the
 * user causes and how they answer messages.
 *
 * @param peakHour local hour of day (fractional) around which the user is active
 * @param engagementHalfLifeDays days for the session rate to halve without a reason to return
 * @param baseChurnPerDay the daily hazard of leaving while engaged
 * @param conversionPropensity trial→paid propensity before engagement
 * @param propensity per channel: open probability (e-mail, push) or click probability (SMS) of a
 *     relevant, well-timed message to an unfatigued user
 * @param clickGivenOpen click-to-open of a relevant e-mail
 * @param fatigueSensitivity how much each recent message dampens responses and annoys
 * @param responseType what messages do to the user's behaviour; only the oracle arm is told
 */
public record Traits(
    int index,
    String userId,
    Instant signupAt,
    boolean trial,
    ZoneId zone,
    double peakHour,
    double sessionsPerDay,
    double engagementHalfLifeDays,
    double baseChurnPerDay,
    double conversionPropensity,
    boolean push,
    boolean phone,
    Map<Channel, Double> propensity,
    double clickGivenOpen,
    double fatigueSensitivity,
    ResponseType responseType) {
  public Traits {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(responseType, "responseType");
    Objects.requireNonNull(signupAt, "signupAt");
    Objects.requireNonNull(zone, "zone");
    propensity = Map.copyOf(propensity);
  }
}

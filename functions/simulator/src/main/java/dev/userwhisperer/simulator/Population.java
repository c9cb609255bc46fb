package dev.userwhisperer.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the hidden traits of a population from a seed. Users sign up evenly over the cohort days,
 * each near their own active hours.
 */
public final class Population {
  /** Time zones of the users and their weights: a product sold in the Americas, Europe and Asia. */
  static final List<Map.Entry<String, Double>> ZONES =
      List.of(
          Map.entry("America/New_York", 0.25),
          Map.entry("America/Los_Angeles", 0.15),
          Map.entry("Europe/London", 0.15),
          Map.entry("Europe/Berlin", 0.15),
          Map.entry("Asia/Kolkata", 0.10),
          Map.entry("Asia/Tokyo", 0.10),
          Map.entry("Australia/Sydney", 0.10));

  /** Peak local hours: morning, lunch and evening people. */
  private static final double[] PEAKS = {8.0, 12.5, 20.0};

  private static final double[] PEAK_WEIGHTS = {0.3, 0.3, 0.4};

  private Population() {}

  public static List<Traits> draw(
      long seed, int size, Instant start, int cohortDays, ModelParameters p) {
    List<Traits> users = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      SplittableRandom r = Randomness.stream(seed, i, Randomness.TRAITS);
      ZoneId zone = ZoneId.of(pick(r, ZONES));
      double peak = (PEAKS[pickIndex(r, PEAK_WEIGHTS)] + 1.5 * Randomness.gaussian(r) + 24) % 24;
      // signup day spread evenly over the cohort, at a local hour drawn from the activity profile
      long day = (long) i * cohortDays / size;
      double localHour = (peak + p.activeHoursWidth() * Randomness.gaussian(r) + 48) % 24;
      Instant midnight = start.plus(Duration.ofDays(day));
      Instant signup = atLocalHour(midnight, zone, localHour);
      Map<Channel, Double> propensity = new EnumMap<>(Channel.class);
      propensity.put(Channel.EMAIL, capped(r, p.emailOpenBaseMean(), p.propensitySpread()));
      propensity.put(Channel.PUSH, capped(r, p.pushOpenBaseMean(), p.propensitySpread()));
      propensity.put(Channel.SMS, capped(r, p.smsClickBaseMean(), p.propensitySpread()));
      boolean trial = r.nextDouble() < p.trialShare();
      double sessionsPerDay =
          Randomness.logNormal(r, p.sessionsPerDayMedian(), p.sessionsPerDaySpread());
      users.add(
          new Traits(
              i,
              String.format("sim-%05d", i),
              signup,
              trial,
              zone,
              peak,
              sessionsPerDay,
              Randomness.logNormal(r, p.engagementHalfLifeDaysMedian(), 0.5),
              Randomness.logNormal(r, p.baseChurnPerDayMedian(), 0.5),
              capped(r, p.conversionPropensityMean(), p.propensitySpread()),
              r.nextDouble() < p.pushShare(),
              r.nextDouble() < p.phoneShare(),
              propensity,
              capped(r, p.clickGivenOpenMean(), p.propensitySpread()),
              0.05 + (p.fatigueSensitivityMax() - 0.05) * r.nextDouble(),
              responseType(Randomness.stream(seed, i, Randomness.TYPES), sessionsPerDay, p)));
    }
    return users;
  }

  /**
   * Persuadable with its share; otherwise a sleeping dog with a probability that makes its share
   * overall, twice as likely for the least active user as for the median one and hardly ever for
   * the most active (inertia, not satisfaction, keeps sleeping dogs: Radcliffe & Surry 2011); else
   * unmoved. One draw, compared with thresholds, so that the persuadables are the same users at
   * every share of sleeping dogs and each larger share adds sleeping dogs to the smaller's.
   */
  static ResponseType responseType(SplittableRandom r, double sessionsPerDay, ModelParameters p) {
    double u = r.nextDouble();
    if (u < p.persuadableShare()) {
      return ResponseType.PERSUADABLE;
    }
    double rest = (u - p.persuadableShare()) / (1 - p.persuadableShare());
    double activity =
        Randomness.normalCdf(
            Math.log(sessionsPerDay / p.sessionsPerDayMedian()) / p.sessionsPerDaySpread());
    double inertia = 2 * (1 - activity);
    return rest < p.sleepingDogShare() / (1 - p.persuadableShare()) * inertia
        ? ResponseType.SLEEPING_DOG
        : ResponseType.UNMOVED;
  }

  /** The first instant at {@code localHour} in {@code zone} on or after {@code from}. */
  static Instant atLocalHour(Instant from, ZoneId zone, double localHour) {
    var local = from.atZone(zone);
    long minutes = Math.round(localHour * 60) % (24 * 60);
    var candidate = local.toLocalDate().atStartOfDay(zone).plusMinutes(minutes).toInstant();
    return candidate.isBefore(from) ? candidate.plus(Duration.ofDays(1)) : candidate;
  }

  /** Log-normal around {@code mean} (σ in log space), at most 0.95. */
  private static double capped(SplittableRandom r, double mean, double sigma) {
    // the median is set below the mean so that the mean of the log-normal is the figure quoted
    double median = mean * Math.exp(-sigma * sigma / 2);
    return Math.min(0.95, Randomness.logNormal(r, median, sigma));
  }

  private static String pick(SplittableRandom r, List<Map.Entry<String, Double>> weighted) {
    double u = r.nextDouble();
    for (Map.Entry<String, Double> e : weighted) {
      u -= e.getValue();
      if (u < 0) {
        return e.getKey();
      }
    }
    return weighted.get(weighted.size() - 1).getKey();
  }

  private static int pickIndex(SplittableRandom r, double[] weights) {
    double u = r.nextDouble();
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}

package dev.userwhisperer.core.port;

import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;

/**
 * How one app's users' readings of what messages do to them ({@link MessageEffect}: active after a
 * message minus expected) are spread, as a normal random-effects model: a user's true reading is
 * the app's mean plus a deviation of variance {@code spreadVariance}, and each message reads it
 * with noise of variance {@code noiseVariance}. A user's deviation after n readings of mean m is
 * then n / (n + k) · (m − mean), k = noise / spread (the posterior mean).
 *
 * @param mean the app's mean reading per message (what every user shares: trend, weekly rhythm, the
 *     average effect)
 * @param noiseVariance the variance of one reading around the user's own mean
 * @param spreadVariance the variance of users' means around the app's (τ²); 0 when the app's data
 *     show no spread beyond the noise, and then no user's readings move their effect
 * @param users users the estimate rests on; 0 for {@link #ASSUMED}
 */
public record EffectSpread(double mean, double noiseVariance, double spreadVariance, long users) {
  /**
   * Before an app has enough readings of its own: no shared mean, the noise of a yes-or-no reading
   * at its largest (0.25) and a spread of 5 points (0.05², the size marketing effects have), so k =
   * 100, as decide assumed before the spread was learned.
   */
  public static final EffectSpread ASSUMED = new EffectSpread(0, 0.25, 0.05 * 0.05, 0);

  public EffectSpread {
    if (!(Math.abs(mean) <= 1)
        || !(noiseVariance > 0 && noiseVariance <= 1)
        || !(spreadVariance >= 0 && spreadVariance <= 1)
        || users < 0) {
      throw new IllegalArgumentException(
          "not a spread of readings within [-1, 1]: mean "
              + mean
              + ", noise "
              + noiseVariance
              + ", spread "
              + spreadVariance
              + ", users "
              + users);
    }
  }

  /**
   * How many readings the app-wide expectation is worth: noise / spread; infinite without spread.
   */
  public double priorWeight() {
    return spreadVariance == 0 ? Double.POSITIVE_INFINITY : noiseVariance / spreadVariance;
  }

  /** The posterior mean of this user's deviation from the app's reading; 0 without readings. */
  public double deviation(MessageEffect own) {
    if (own.messages() == 0 || spreadVariance == 0) {
      return 0;
    }
    double n = own.messages();
    return n / (n + priorWeight()) * (own.mean() - mean);
  }
}

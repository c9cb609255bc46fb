package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import dev.userwhisperer.core.testing.Profiles;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/**
 * Properties of the per-user posterior ({@link PersonalUplift}, {@link
 * TreatmentDraw#harmedWithConfidence}) over any prediction, any spread the app may learn and any
 * readings: worse evidence never makes decide expect more of a message.
 */
class OwnEvidencePosteriorTest {
  private static final double EPS = 1e-12;

  private static double posterior(double prediction, EffectSpread spread, MessageEffect own) {
    UpliftModel fallback =
        new UpliftModel() {
          @Override
          public double uplift(String interventionId, Profile profile) {
            return prediction;
          }

          @Override
          public EffectSpread spread(String appId) {
            return spread;
          }
        };
    Profile user =
        Profiles.user("u1").responsiveness(new Responsiveness(Map.of(), List.of(), 0, own)).build();
    return new PersonalUplift(fallback, TreatmentEffectModels.NONE, LifecycleThresholds.DEFAULTS)
        .predict("winback", user, Profiles.T0)
        .uplift();
  }

  private static EffectSpread spread(double mean, double noise, double tau2) {
    return new EffectSpread(mean, noise, tau2, 500);
  }

  @Property
  void aLowerReadingNeverRaisesTheUsersExpectedEffect(
      @ForAll @DoubleRange(min = -0.2, max = 0.2) double prediction,
      @ForAll @DoubleRange(min = -0.5, max = 0.5) double mean,
      @ForAll @DoubleRange(min = 0.01, max = 0.3) double noise,
      @ForAll @DoubleRange(min = 0, max = 0.1) double tau2,
      @ForAll @IntRange(min = 1, max = 60) int messages,
      @ForAll @DoubleRange(min = -1, max = 1) double meanReading,
      @ForAll @DoubleRange(min = 0, max = 1) double lowerBy) {
    double lift = meanReading * messages;
    double lower = Math.max(-messages, lift - lowerBy);
    EffectSpread s = spread(mean, noise, tau2);

    assertThat(posterior(prediction, s, new MessageEffect(messages, lower)))
        .isLessThanOrEqualTo(posterior(prediction, s, new MessageEffect(messages, lift)) + EPS);
  }

  @Property
  void aReadingNoBetterThanWhatDecideBelievesOfTheUserNeverRaisesIt(
      @ForAll @DoubleRange(min = -0.2, max = 0.2) double prediction,
      @ForAll @DoubleRange(min = -0.5, max = 0.5) double mean,
      @ForAll @DoubleRange(min = 0.01, max = 0.3) double noise,
      @ForAll @DoubleRange(min = 0.0001, max = 0.1) @Scale(4) double tau2,
      @ForAll @IntRange(min = 0, max = 60) int messages,
      @ForAll @DoubleRange(min = -1, max = 1) double meanReading,
      @ForAll @DoubleRange(min = 0, max = 1) double worseBy) {
    EffectSpread s = spread(mean, noise, tau2);
    MessageEffect before = new MessageEffect(messages, meanReading * messages);
    // the user's believed deviation from the app's mean reading, as a reading
    double believed = mean + s.deviation(before);
    double reading = Math.max(-1, believed - worseBy);
    MessageEffect after = new MessageEffect(messages + 1, before.lift() + reading);

    assertThat(posterior(prediction, s, after))
        .isLessThanOrEqualTo(posterior(prediction, s, before) + EPS);
  }

  @Property
  void harmWithConfidenceStaysAsReadingsAccrueAndAtAnyLowerEffect(
      @ForAll @DoubleRange(min = -0.5, max = 0.1) double effect,
      @ForAll @DoubleRange(min = 0, max = 0.2) double lowerBy,
      @ForAll @DoubleRange(min = 0.01, max = 0.3) double noise,
      @ForAll @DoubleRange(min = 0, max = 0.1) double tau2,
      @ForAll @IntRange(min = 0, max = 60) int messages) {
    EffectSpread s = spread(0, noise, tau2);
    MessageEffect own = new MessageEffect(messages, 0);
    MessageEffect more = new MessageEffect(messages + 1, 0);

    if (TreatmentDraw.harmedWithConfidence(effect, s, own)) {
      assertThat(TreatmentDraw.harmedWithConfidence(effect - lowerBy, s, own)).isTrue();
      assertThat(TreatmentDraw.harmedWithConfidence(effect, s, more)).isTrue();
    }
  }
}

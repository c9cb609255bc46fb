package dev.userwhisperer.core.learn;

import java.util.random.RandomGenerator;

/** A posterior belief about one arm's value, which Thompson sampling draws from. */
public interface Belief {
  /** One draw of the arm's value from this belief, from {@code random} alone. */
  double sample(RandomGenerator random);
}

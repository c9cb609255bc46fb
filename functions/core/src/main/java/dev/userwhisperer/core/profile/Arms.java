package dev.userwhisperer.core.profile;

import dev.userwhisperer.core.message.Channel;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The names of the arms decide's bandits learn about, shared by the profile's counts and the
 * app-wide {@code ArmStatistics}: a channel is its wire name ({@code email}), an hour-of-week
 * bucket is {@code h} and its index ({@code h0} for Monday 00:00–01:00 local, {@code h167} for
 * Sunday 23:00–24:00), a content variant of an intervention on a channel is {@code
 * variant:<intervention>:<channel>:<variant>} (app-wide only).
 */
public final class Arms {
  public static final int HOURS_OF_WEEK = Features.HOURS_OF_WEEK;

  private Arms() {}

  public static String channel(Channel channel) {
    return channel.wireName();
  }

  public static String hour(int hourOfWeek) {
    if (hourOfWeek < 0 || hourOfWeek >= HOURS_OF_WEEK) {
      throw new IllegalArgumentException("hour of week must be within 0..167: " + hourOfWeek);
    }
    return "h" + hourOfWeek;
  }

  public static String variant(String intervention, Channel channel, String variant) {
    return "variant:" + intervention + ":" + channel.wireName() + ":" + variant;
  }

  /** The hour-of-week bucket of a local time: Monday 00:00 is 0. */
  public static int hourOfWeek(ZonedDateTime local) {
    return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
  }

  /** {@code a} plus {@code b}, arm by arm. */
  public static Map<String, ArmCounts> sum(Map<String, ArmCounts> a, Map<String, ArmCounts> b) {
    Map<String, ArmCounts> sum = new HashMap<>(a);
    b.forEach((arm, counts) -> sum.merge(arm, counts, ArmCounts::plus));
    return sum;
  }
}

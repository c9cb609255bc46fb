package dev.userwhisperer.simulator;

import java.util.Locale;

/** A channel a message reaches a user on, as the simulator sees it. */
public enum Channel {
  EMAIL,
  SMS,
  PUSH;

  /** Reads a channel name in any case ({@code email}, {@code EMAIL}). */
  public static Channel parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}

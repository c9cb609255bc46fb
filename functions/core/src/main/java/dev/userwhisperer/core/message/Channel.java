package dev.userwhisperer.core.message;

import java.util.Locale;

public enum Channel {
  EMAIL,
  SMS,
  PUSH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Channel fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}

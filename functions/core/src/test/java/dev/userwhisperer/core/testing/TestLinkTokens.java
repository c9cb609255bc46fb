package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.LinkTokens;

/** Link tokens with a fixed test key. */
public final class TestLinkTokens {
  /** {@code t1} with 32 bytes of 0x01. */
  public static final String SETTING = "t1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

  private TestLinkTokens() {}

  public static LinkTokens tokens() {
    return LinkTokens.parse(SETTING);
  }
}

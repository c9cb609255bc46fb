package dev.userwhisperer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.testing.TestLinkTokens;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkTokensTest {
  private static final String NEW_KEY =
      "t2:" + Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');

  @Test
  void aTokenNamesItsMessageAndAnAlteredOneNothing() {
    LinkTokens tokens = TestLinkTokens.tokens();
    String token = tokens.issue("a1b2c3");

    assertThat(tokens.outboundId(token)).contains("a1b2c3");
    String otherMessage = token.replace(token.split("\\.")[1], "YTFiMmM0");
    assertThat(tokens.outboundId(otherMessage)).isEmpty();
    assertThat(tokens.outboundId(token.substring(0, token.length() - 2) + "AA")).isEmpty();
    assertThat(tokens.outboundId("t1.!!.??")).isEmpty();
    assertThat(tokens.outboundId(null)).isEmpty();
  }

  @Test
  void afterRotationNewTokensUseTheNewKeyAndOldOnesStillWorkUntilTheOldKeyIsDropped() {
    String old = TestLinkTokens.tokens().issue("m1");
    LinkTokens rotated = LinkTokens.parse(NEW_KEY + "," + TestLinkTokens.SETTING);
    LinkTokens oldDropped = LinkTokens.parse(NEW_KEY);

    assertThat(rotated.issue("m1")).startsWith("t2.");
    assertThat(rotated.outboundId(old)).contains("m1");
    assertThat(oldDropped.outboundId(old)).isEmpty();
    assertThat(oldDropped.outboundId(rotated.issue("m1"))).contains("m1");
  }

  @Test
  void aBadSettingIsRefusedWithoutShowingTheKey() {
    assertThatThrownBy(() -> LinkTokens.parse("k1:c2hvcnQ="))
        .hasMessageContaining("shorter than 32 bytes")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> LinkTokens.parse("")).hasMessageContaining(LinkTokens.SECRET);
  }
}

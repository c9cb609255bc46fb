package dev.userwhisperer.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwilioChannelSenderTest {

  @Test
  void aBodyTwilioSmartEncodedIsStillRecognisedAsOurs() {
    assertThat(
            TwilioChannelSender.sameText(
                "It\u2019s \u201Cready\u201D \u2014 tap\u2026", "It's \"ready\" - tap..."))
        .isTrue();
    assertThat(TwilioChannelSender.sameText("Your code is 1234", "Your code is 1235")).isFalse();
  }
}

package dev.userwhisperer.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagePreviewTest {

  @Test
  void theOpenPixelAndTheTrackedLinksAreLeftOutOfThePreview() {
    String html =
        "<p>Hi <a href=\"http://x/v1/l/tok/click?u=https%3A%2F%2Fa\" style=\"c\">Ada</a></p>"
            + "<A HREF='http://x/v1/l/tok/unsubscribe'>stop</A>"
            + "<img src=\"http://x/v1/l/tok/open\" width=\"1\" height=\"1\" alt=\"\">"
            + "<IMG\nsrc='logo.png'>";

    String inert = MessagePreview.inertHtml(html);

    assertThat(inert).doesNotContainIgnoringCase("<img").doesNotContain("/v1/l/");
    assertThat(inert).contains("<a href=\"#\" style=\"c\">Ada</a>", ">stop</A>");
  }

  @Test
  void aMessageWithoutHtmlHasNoPreviewDocument() {
    assertThat(MessagePreview.inertHtml(null)).isNull();
  }
}

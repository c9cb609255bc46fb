package dev.userwhisperer.core.compose;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The platform's signed links in one message ({@link ComposeSettings#links}): the unsubscribe link
 * (in the text, the HTML and the List-Unsubscribe header), the open pixel of the HTML part, and the
 * tracked link that stands for a call to action in the HTML part. The text part keeps the call to
 * action's own URL: a click link leads only to a URL that is in the message's text.
 */
public record MessageLinks(String unsubscribe, String openPixel, UnaryOperator<String> click) {
  public MessageLinks {
    Objects.requireNonNull(unsubscribe, "unsubscribe");
    Objects.requireNonNull(openPixel, "openPixel");
    Objects.requireNonNull(click, "click");
  }
}

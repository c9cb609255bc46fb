package dev.userwhisperer.core.compose;

import java.util.Objects;

/**
 * The copy of one message before it is addressed to a user: plain text that may hold the per-user
 * placeholder {@value #FIRST_NAME}, filled only when the message is assembled.
 *
 * @param subject e-mail only
 * @param preheader e-mail only: the line a mail client shows after the subject
 * @param title push only
 * @param body the text; paragraphs separated by a blank line
 * @param cta e-mail only: the label of the call-to-action button
 */
public record Draft(String subject, String preheader, String title, String body, String cta) {
  public static final String FIRST_NAME = "{{firstName}}";

  public Draft {
    Objects.requireNonNull(body, "body");
  }
}

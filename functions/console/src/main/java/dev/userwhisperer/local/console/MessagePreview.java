package dev.userwhisperer.local.console;

import java.util.regex.Pattern;

/**
 * An e-mail's HTML made safe to look at: shown in a sandboxed frame (no scripts, no navigation of
 * the console), without its images (the open pixel among them) and with links going nowhere, so
 * that looking at a message never counts as the recipient opening or clicking it.
 */
final class MessagePreview {
  private static final Pattern IMAGES = Pattern.compile("(?is)<img\\b[^>]*>");
  private static final Pattern LINKS = Pattern.compile("(?is)\\bhref\\s*=\\s*(\"[^\"]*\"|'[^']*')");

  private MessagePreview() {}

  /** Null when the message has no HTML part (SMS, push, a plain-text e-mail). */
  static String inertHtml(String html) {
    if (html == null) {
      return null;
    }
    String withoutImages = IMAGES.matcher(html).replaceAll("");
    return LINKS.matcher(withoutImages).replaceAll("href=\"#\"");
  }
}

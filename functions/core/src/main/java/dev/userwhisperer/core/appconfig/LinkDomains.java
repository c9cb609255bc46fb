package dev.userwhisperer.core.appconfig;

import java.util.List;
import java.util.Locale;

/** Whether a link's host lies within an app's allowed domains (the domain or a subdomain). */
public final class LinkDomains {
  private LinkDomains() {}

  public static boolean allowed(List<String> allowedDomains, String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return allowedDomains.stream()
        .map(d -> d.toLowerCase(Locale.ROOT))
        .anyMatch(d -> h.equals(d) || h.endsWith("." + d));
  }
}

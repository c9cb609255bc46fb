package dev.userwhisperer.core.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Contact data (e-mail address, phone number, push token) as the warehouse and the suppression list
 * keep it: never raw, only as {@code sha256:<hex>} of the normalised value. The same address gives
 * the same pseudonym, so that analysts can count and join, and a suppression can be matched, but a
 * row leaks no address. A pseudonym, not anonymisation: a known address can be hashed and compared.
 */
public final class ContactData {
  /** The trait names that hold contact data, as sent and as kept in the profile. */
  public static final Set<String> TRAITS = Set.of("email", "phone", "pushToken", "push_token");

  public static final String PREFIX = "sha256:";

  private ContactData() {}

  /** The pseudonym of an address: e-mail lower-cased, phone without spaces, dashes or dots. */
  public static String pseudonym(String address) {
    String normalised = address.strip();
    if (normalised.contains("@")) {
      normalised = normalised.toLowerCase(Locale.ROOT);
    } else if (normalised.startsWith("+") || normalised.matches("[0-9 ().-]+")) {
      normalised = normalised.replaceAll("[ ().-]", "");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The traits with each contact value replaced by its pseudonym; nested maps are left alone. */
  public static Map<String, Object> redactTraits(Map<String, Object> traits) {
    if (traits.keySet().stream().noneMatch(TRAITS::contains)) {
      return traits;
    }
    Map<String, Object> redacted = new LinkedHashMap<>(traits);
    for (String key : TRAITS) {
      if (redacted.get(key) instanceof String value && !value.isBlank()) {
        redacted.put(key, pseudonym(value));
      }
    }
    return redacted;
  }

  /** The profile with its addresses and contact traits replaced by their pseudonyms. */
  public static Profile redact(Profile p) {
    Reachability r = p.reachability();
    Reachability pseudonymous =
        new Reachability(
            orNull(r.email()),
            orNull(r.phone()),
            orNull(r.pushToken()),
            r.consent(),
            r.unsubscribed());
    return new Profile(
        p.appId(),
        p.userId(),
        redactTraits(p.traits()),
        pseudonymous,
        p.activity(),
        p.billing(),
        p.lifecycle(),
        p.features(),
        p.insights(),
        p.churn(),
        p.responsiveness(),
        p.recentMessageIds(),
        p.updatedAt());
  }

  private static String orNull(String address) {
    return address == null || address.isBlank() ? address : pseudonym(address);
  }
}

package dev.userwhisperer.core.access;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who an admin call is recorded as: the admin token, and the name the caller gives in {@value
 * #HEADER} ({@code admin-token:ada}). The name is free text the token holder chose, checked only
 * for shape: it goes into the audit log, never into a decision.
 */
public final class AdminActor {
  public static final String HEADER = "X-Actor";
  static final String TOKEN = "admin-token";
  private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{N} ._@+-]{1,100}$");

  private AdminActor() {}

  /** The 400 {@code invalid_header} for a name of the wrong shape, or empty when it is fine. */
  public static Optional<AdminAnswer> refusal(String header) {
    if (header == null || NAME.matcher(header).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        AdminAnswer.error(
            400,
            "invalid_header",
            HEADER + " names who acts: 1 to 100 letters, digits, spaces and ._@+- characters",
            HEADER));
  }

  /** The actor to record; call {@link #refusal} first. */
  public static String of(String header) {
    return header == null ? TOKEN : TOKEN + ":" + header;
  }
}

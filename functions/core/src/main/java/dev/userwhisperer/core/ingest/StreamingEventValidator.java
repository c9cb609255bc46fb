package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.message.Ids;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The fast check of one event, on the parser's tokens as they stream by: no tree, no schema
 * library. It answers only "certainly valid" or "not certainly": an event it passes is one that
 * {@link EventValidator} (the {@code event.v1.schema.json} contract and the rules beyond it) passes
 * too, and everything else (an invalid event, or a valid one in a form this check does not know,
 * such as an IPv6 address or a non-ASCII id) goes to {@link EventValidator}, which gives the exact
 * errors. So the documented errors come from one place, and this class may be strict where being
 * exact would cost code.
 */
final class StreamingEventValidator {
  private static final int MAX_MESSAGE_ID = 128;
  private static final int MAX_USER_ID = 256;
  private static final Set<String> IANA_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

  private final Clock clock;

  StreamingEventValidator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What the check found in one event.
   *
   * @param certain true when the event is valid and its text can be carried as sent (no top-level
   *     {@code null} member in properties, traits or context, which the domain drops, and no {@code
   *     receivedAt} of the client's)
   * @param messageId, userId, anonymousId as sent, when {@code certain}
   * @param hasTimestamp whether the event names its time
   */
  record Checked(
      boolean certain, String messageId, String userId, String anonymousId, boolean hasTimestamp) {
    static final Checked UNCERTAIN = new Checked(false, null, null, null, false);
  }

  /**
   * Reads one event, from its {@code START_OBJECT} (the current token) to its {@code END_OBJECT}.
   */
  Checked check(JsonParser p) {
    boolean ok = true;
    String messageId = null;
    String type = null;
    String userId = null;
    String anonymousId = null;
    boolean hasTimestamp = false;
    boolean hasTraits = false;
    Instant latest = null;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!ok) {
        p.skipChildren();
        continue;
      }
      switch (name) {
        case "messageId" -> {
          messageId = idOrNull(p, value, MAX_MESSAGE_ID);
          ok = messageId != null && !Ids.isPlatformEvent(messageId);
        }
        case "type" -> {
          type = value == JsonToken.VALUE_STRING ? p.getString() : null;
          ok = type != null && isType(type);
        }
        case "userId" -> {
          userId = idOrNull(p, value, MAX_USER_ID);
          ok = userId != null;
        }
        case "anonymousId" -> {
          anonymousId = idOrNull(p, value, MAX_USER_ID);
          ok = anonymousId != null;
        }
        case "timestamp" -> {
          if (latest == null) {
            latest = clock.instant().plus(EventValidator.MAX_FUTURE);
          }
          hasTimestamp = true;
          ok = value == JsonToken.VALUE_STRING && isTimestamp(p.getString(), latest);
        }
        case "properties" -> ok = value == JsonToken.START_OBJECT && members(p, Section.PROPERTIES);
        case "traits" -> {
          hasTraits = true;
          ok = value == JsonToken.START_OBJECT && members(p, Section.TRAITS);
        }
        case "context" -> ok = value == JsonToken.START_OBJECT && members(p, Section.CONTEXT);
        case "receivedAt" -> {
          ok = false;
          p.skipChildren();
        }
        default -> ok = storable(name) && storableValue(p, value);
      }
      skipUnread(p);
    }
    ok &= messageId != null && type != null && (userId != null || anonymousId != null);
    ok &= !"identify".equals(type) || hasTraits;
    return ok ? new Checked(true, messageId, userId, anonymousId, hasTimestamp) : Checked.UNCERTAIN;
  }

  private enum Section {
    PROPERTIES,
    TRAITS,
    CONTEXT
  }

  /** The members of properties, traits or context; the parser ends on the object's end. */
  private boolean members(JsonParser p, Section section) {
    boolean ok = true;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!ok) {
        p.skipChildren();
        continue;
      }
      // a top-level null is dropped by the domain: the event is then carried as the tree says
      ok = value != JsonToken.VALUE_NULL && storable(name);
      if (ok) {
        ok =
            switch (section) {
              case PROPERTIES -> storableValue(p, value);
              case TRAITS -> trait(p, name, value);
              case CONTEXT -> context(p, name, value);
            };
      }
      skipUnread(p);
    }
    return ok;
  }

  /** After a check that stopped at a container's start (a wrong type), past that container. */
  private static void skipUnread(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
    }
  }

  private boolean trait(JsonParser p, String name, JsonToken value) {
    return switch (name) {
      case "email" -> value == JsonToken.VALUE_STRING && isEmail(p.getString());
      case "phone" -> value == JsonToken.VALUE_STRING && isPhone(p.getString());
      case "pushToken" -> value == JsonToken.VALUE_STRING && isText(p.getString(), 1, 4096);
      case "firstName", "plan" -> value == JsonToken.VALUE_STRING && isText(p.getString(), 1, 128);
      case "locale" -> value == JsonToken.VALUE_STRING && isLocale(p.getString());
      case "timezone" -> value == JsonToken.VALUE_STRING && isZone(p.getString());
      case "consent" -> value == JsonToken.START_OBJECT && consent(p);
      default -> storableValue(p, value);
    };
  }

  private boolean context(JsonParser p, String name, JsonToken value) {
    return switch (name) {
      case "locale" -> value == JsonToken.VALUE_STRING && isLocale(p.getString());
      case "timezone" -> value == JsonToken.VALUE_STRING && isZone(p.getString());
      case "device" -> value == JsonToken.START_OBJECT && storableValue(p, value);
      case "appVersion" -> value == JsonToken.VALUE_STRING && isText(p.getString(), 0, 64);
      case "ip" -> value == JsonToken.VALUE_STRING && isIpv4(p.getString());
      case "userAgent" -> value == JsonToken.VALUE_STRING && isText(p.getString(), 0, 1024);
      default -> storableValue(p, value);
    };
  }

  /** Only email, sms and push, each a boolean. */
  private static boolean consent(JsonParser p) {
    boolean ok = true;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      ok &=
          (name.equals("email") || name.equals("sms") || name.equals("push"))
              && (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE);
      p.skipChildren();
    }
    return ok;
  }

  /**
   * Whether a value, and everything within it, can be stored and read back exactly (see {@link
   * StorableValues}); the parser ends on the value's last token.
   */
  private static boolean storableValue(JsonParser p, JsonToken value) {
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      boolean ok = true;
      int depth = 1;
      while (depth > 0) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        } else if (ok) {
          ok = storableScalar(p, t);
        }
      }
      return ok;
    }
    return storableScalar(p, value);
  }

  private static boolean storableScalar(JsonParser p, JsonToken t) {
    return switch (t) {
      case PROPERTY_NAME -> storable(p.currentName());
      case VALUE_STRING ->
          !hasSurrogate(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
      case VALUE_NUMBER_FLOAT -> Double.isFinite(p.getDoubleValue());
      default -> true;
    };
  }

  /** A key or string free of surrogates (a valid pair is fine too, but rare: left to the tree). */
  private static boolean storable(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasSurrogate(char[] chars, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (Character.isSurrogate(chars[i])) {
        return true;
      }
    }
    return false;
  }

  /** An id of printable ASCII, at least one non-space, not "." or "..": certainly valid. */
  private static String idOrNull(JsonParser p, JsonToken value, int maxLength) {
    if (value != JsonToken.VALUE_STRING) {
      return null;
    }
    String s = p.getString();
    if (s.isEmpty() || s.length() > maxLength || s.equals(".") || s.equals("..")) {
      return null;
    }
    boolean visible = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
      visible |= c != ' ';
    }
    return visible ? s : null;
  }

  /** {@code ^[a-z][a-z0-9_.]{0,63}$} */
  static boolean isType(String s) {
    if (s.isEmpty() || s.length() > 64 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** Text without surrogates (so its length counts code points) of a length within bounds. */
  private static boolean isText(String s, int min, int max) {
    return s.length() >= min && s.length() <= max && storable(s);
  }

  /** {@code ^\+[1-9][0-9]{1,14}$} */
  private static boolean isPhone(String s) {
    if (s.length() < 3 || s.length() > 16 || s.charAt(0) != '+' || s.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code ^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$} */
  private static boolean isLocale(String s) {
    int i = 0;
    while (i < s.length() && isLetter(s.charAt(i))) {
      i++;
    }
    if (i < 2 || i > 3) {
      return false;
    }
    while (i < s.length()) {
      if (s.charAt(i++) != '-') {
        return false;
      }
      int start = i;
      while (i < s.length() && (isLetter(s.charAt(i)) || isDigit(s.charAt(i)))) {
        i++;
      }
      if (i == start || i - start > 8) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZone(String s) {
    return !s.isEmpty() && s.length() <= 64 && IANA_ZONES.contains(s);
  }

  /**
   * A plain address only: letters, digits and {@code ._%+-} before the {@code @}, no dot at either
   * end nor two in a row; two or more labels of letters, digits and inner hyphens after it.
   */
  static boolean isEmail(String s) {
    int at = s.indexOf('@');
    if (s.length() > 254 || at < 1 || at > 64 || at != s.lastIndexOf('@')) {
      return false;
    }
    char previous = '.';
    for (int i = 0; i < at; i++) {
      char c = s.charAt(i);
      boolean allowed =
          isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
      if (!allowed || (c == '.' && previous == '.')) {
        return false;
      }
      previous = c;
    }
    if (previous == '.') {
      return false;
    }
    String[] labels = s.substring(at + 1).split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty()
          || label.length() > 63
          || label.charAt(0) == '-'
          || label.charAt(label.length() - 1) == '-') {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(isLetter(c) || isDigit(c) || c == '-')) {
          return false;
        }
      }
    }
    String tld = labels[labels.length - 1];
    return tld.length() >= 2 && tld.chars().allMatch(c -> isLetter((char) c));
  }

  /** Four decimal octets 0-255 without leading zeros. */
  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (!isDigit(part.charAt(i))) {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|±hh:mm)}, a real date and time from {@link
   * EventValidator#EARLIEST} to {@code latest}.
   */
  static boolean isTimestamp(String s, Instant latest) {
    int n = s.length();
    if (n < 20
        || !digits(s, 0, 4)
        || s.charAt(4) != '-'
        || !digits(s, 5, 7)
        || s.charAt(7) != '-'
        || !digits(s, 8, 10)
        || s.charAt(10) != 'T'
        || !digits(s, 11, 13)
        || s.charAt(13) != ':'
        || !digits(s, 14, 16)
        || s.charAt(16) != ':'
        || !digits(s, 17, 19)) {
      return false;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      int digits = i - start;
      if (digits < 1 || digits > 9) {
        return false;
      }
      nanos = number(s, start, i);
      for (int d = digits; d < 9; d++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offset = ZoneOffset.UTC;
    } else if (i == n - 6
        && (s.charAt(i) == '+' || s.charAt(i) == '-')
        && digits(s, i + 1, i + 3)
        && s.charAt(i + 3) == ':'
        && digits(s, i + 4, i + 6)) {
      int hours = number(s, i + 1, i + 3);
      int minutes = number(s, i + 4, i + 6);
      if (hours > 17 || minutes > 59 || (hours == 0 && minutes == 0 && s.charAt(i) == '-')) {
        return false;
      }
      int sign = s.charAt(i) == '-' ? -1 : 1;
      offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    } else {
      return false;
    }
    try {
      Instant at =
          LocalDateTime.of(
                  number(s, 0, 4),
                  number(s, 5, 7),
                  number(s, 8, 10),
                  number(s, 11, 13),
                  number(s, 14, 16),
                  number(s, 17, 19),
                  nanos)
              .toInstant(offset);
      return !at.isBefore(EventValidator.EARLIEST) && !at.isAfter(latest);
    } catch (DateTimeException e) {
      return false; // Feb 30, hour 24, second 60: the tree's validator says which
    }
  }

  /** The decimal number of {@code s[from, to)}, digits already checked. */
  private static int number(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}

package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.port.Violation;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Finds the first value in an event that the platform could not store and read back exactly: a
 * string or key with a lone UTF-16 surrogate (JSON's {@code "\ud800"} escape names no character,
 * and UTF-8 cannot encode it: it would come back as {@code ?} and merge two users into one), or a
 * number too large for a double ({@code 1e400} would become Infinity, which JSON cannot carry).
 */
final class StorableValues {
  private StorableValues() {}

  /**
   * @param node the event as parsed, or a value within it
   * @param at the node's pointer in the body ({@code ""} or {@code /batch/i} for an event)
   * @return the first value that cannot be stored exactly, if any
   */
  static Optional<Violation> firstUnstorable(JsonNode node, String at) {
    if (node.isString()) {
      return hasLoneSurrogate(node.asString()) ? Optional.of(loneSurrogate(at)) : Optional.empty();
    }
    if (node.isNumber() && node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      return Optional.of(
          new Violation(
              "invalid_value", at, "the number is out of range (numbers are stored as doubles)"));
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String child = at + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
        if (hasLoneSurrogate(member.getKey())) {
          return Optional.of(loneSurrogate(child));
        }
        Optional<Violation> found = firstUnstorable(member.getValue(), child);
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<Violation> found = firstUnstorable(node.get(i), at + "/" + i);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Violation loneSurrogate(String at) {
    return new Violation(
        "invalid_unicode",
        at,
        "the string holds a lone UTF-16 surrogate (\\ud800-\\udfff outside a pair), which is no"
            + " character and cannot be stored");
  }

  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
      if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}

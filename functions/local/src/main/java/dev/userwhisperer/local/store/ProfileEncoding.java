package dev.userwhisperer.local.store;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.json.Json.MalformedJson;
import dev.userwhisperer.core.profile.Profile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.dataformat.smile.SmileMapper;

/**
 * How a profile is stored in its row: a version byte, then the profile in Smile (Jackson's binary
 * JSON, the same fields as the JSON document, with the same settings), which is smaller and
 * quicker to write and read than JSON text. Rows written before the version byte hold JSON text,
 * which starts with {@code '{'}; they are read as they are and rewritten in the current encoding by
 * the next update.
 */
final class ProfileEncoding {
  static final byte SMILE_V1 = 1;

  private static final SmileMapper SMILE =
      SmileMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ProfileEncoding() {}

  static byte[] encode(Profile profile) {
    byte[] smile = SMILE.writeValueAsBytes(profile);
    byte[] out = new byte[smile.length + 1];
    out[0] = SMILE_V1;
    System.arraycopy(smile, 0, out, 1, smile.length);
    return out;
  }

  /**
   * @throws MalformedJson when the bytes are neither encoding of a profile
   */
  static Profile decode(byte[] stored) {
    if (stored.length > 0 && stored[0] == '{') {
      return Json.decode(stored, Profile.class);
    }
    if (stored.length == 0 || stored[0] != SMILE_V1) {
      throw new MalformedJson(
          "a stored profile starts with neither '{' nor the version byte " + SMILE_V1, null);
    }
    try {
      return SMILE.readValue(stored, 1, stored.length - 1, Profile.class);
    } catch (JacksonException e) {
      throw new MalformedJson(e.getOriginalMessage(), e);
    }
  }
}

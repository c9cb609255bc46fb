package dev.userwhisperer.core.compose.compliance;

/**
 * How many SMS segments a text takes: GSM-7 when every character is in the GSM 03.38 alphabet (160
 * characters in one segment, 153 a segment when split; characters of the extension table count
 * twice), UCS-2 otherwise (70, or 67 a segment, counted in UTF-16 units).
 */
public final class SmsSegments {
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

  private SmsSegments() {}

  public static boolean isGsm7(String text) {
    return text.chars().allMatch(c -> GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENSION.indexOf(c) >= 0);
  }

  public static int count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    if (isGsm7(text)) {
      int septets = 0;
      for (char c : text.toCharArray()) {
        septets += GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1;
      }
      return septets <= 160 ? 1 : (septets + 152) / 153;
    }
    int units = text.length();
    return units <= 70 ? 1 : (units + 66) / 67;
  }
}

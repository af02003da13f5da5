package dev.ferry.stun.integrity;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013, a stringprep profile of RFC 3454) for passwords, as RFC 5389 §15.4 and the
 * RFC 5769 §2.4 vector use it for long-term keys.
 *
 * <p>Mapping (B.1 to nothing, non-ASCII spaces to U+0020), NFKC, the prohibited-output tables
 * C.1.2-C.9 and the bidi rule of RFC 3454 §6 are implemented from the RFC tables. Two
 * approximations, both stricter or equal for real passwords: "unassigned" (A.1) and the bidi
 * categories (D.1, D.2) come from the JDK's Unicode data rather than the Unicode 3.2 tables.
 *
 * <p>Passwords come from configuration, never from the wire, so invalid input is a configuration
 * error: {@link #prepare} throws {@link IllegalArgumentException} naming the offending code point.
 */
public final class SaslPrep {
  private SaslPrep() {}

  /**
   * The prepared form of {@code input}, for use as a stored string (unassigned code points
   * refused).
   */
  public static String prepare(String input) {
    StringBuilder mapped = new StringBuilder(input.length());
    input
        .codePoints()
        .forEach(
            cp -> {
              if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
              } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
              }
            });
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    boolean hasRandAl = false;
    boolean hasL = false;
    for (int i = 0; i < normalized.length(); ) {
      int cp = normalized.codePointAt(i);
      if (isProhibited(cp)) {
        throw new IllegalArgumentException(
            String.format("SASLprep: prohibited code point U+%04X at %d", cp, i));
      }
      if (Character.getType(cp) == Character.UNASSIGNED) {
        throw new IllegalArgumentException(
            String.format("SASLprep: unassigned code point U+%04X at %d", cp, i));
      }
      hasRandAl |= isRandAl(cp);
      hasL |= Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
      i += Character.charCount(cp);
    }
    if (hasRandAl) {
      int first = normalized.codePointAt(0);
      int last = normalized.codePointBefore(normalized.length());
      if (hasL || !isRandAl(first) || !isRandAl(last)) {
        throw new IllegalArgumentException("SASLprep: bidirectional rule violated (RFC 3454 §6)");
      }
    }
    return normalized;
  }

  private static boolean isRandAl(int cp) {
    byte d = Character.getDirectionality(cp);
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }

  /** RFC 3454 Table B.1: commonly mapped to nothing. */
  static boolean isMappedToNothing(int cp) {
    return cp == 0x00AD
        || cp == 0x034F
        || cp == 0x1806
        || (cp >= 0x180B && cp <= 0x180D)
        || (cp >= 0x200B && cp <= 0x200D)
        || cp == 0x2060
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF;
  }

  /** RFC 3454 Table C.1.2: non-ASCII space characters. */
  static boolean isNonAsciiSpace(int cp) {
    return cp == 0x00A0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200B)
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** RFC 4013 §2.3: tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9. */
  static boolean isProhibited(int cp) {
    return isNonAsciiSpace(cp)
        // C.2.1 ASCII control
        || cp <= 0x001F
        || cp == 0x007F
        // C.2.2 non-ASCII control
        || (cp >= 0x0080 && cp <= 0x009F)
        || cp == 0x06DD
        || cp == 0x070F
        || cp == 0x180E
        || cp == 0x200C
        || cp == 0x200D
        || cp == 0x2028
        || cp == 0x2029
        || (cp >= 0x2060 && cp <= 0x2063)
        || (cp >= 0x206A && cp <= 0x206F)
        || cp == 0xFEFF
        || (cp >= 0xFFF9 && cp <= 0xFFFC)
        || (cp >= 0x1D173 && cp <= 0x1D17A)
        // C.3 private use
        || (cp >= 0xE000 && cp <= 0xF8FF)
        || (cp >= 0xF0000 && cp <= 0xFFFFD)
        || (cp >= 0x100000 && cp <= 0x10FFFD)
        // C.4 non-character code points
        || (cp >= 0xFDD0 && cp <= 0xFDEF)
        || (cp & 0xFFFE) == 0xFFFE
        // C.5 surrogate codes
        || (cp >= 0xD800 && cp <= 0xDFFF)
        // C.6 inappropriate for plain text
        || (cp >= 0xFFF9 && cp <= 0xFFFD)
        // C.7 inappropriate for canonical representation
        || (cp >= 0x2FF0 && cp <= 0x2FFB)
        // C.8 change display properties or deprecated
        || cp == 0x0340
        || cp == 0x0341
        || cp == 0x200E
        || cp == 0x200F
        || (cp >= 0x202A && cp <= 0x202E)
        // C.9 tagging characters
        || cp == 0xE0001
        || (cp >= 0xE0020 && cp <= 0xE007F);
  }
}

package dev.ferry.stun.integrity;

import java.text.Normalizer;

/**
 * The PRECIS OpaqueString profile (RFC 8265 §4.2) that RFC 8489 §9.2.2 applies to realm and
 * password: non-ASCII spaces become U+0020, NFC, then every code point must be allowed by the
 * FreeformClass (RFC 8264 §4.3, §9).
 *
 * <p>The derived-property rules use the JDK's Unicode data. The contextual rules are implemented
 * for the CONTEXTO code points (RFC 5892 Appendix A: MIDDLE DOT, Greek KERAIA, Hebrew GERESH and
 * GERSHAYIM, KATAKANA MIDDLE DOT, the two Arabic-Indic digit sets); the CONTEXTJ joiners U+200C and
 * U+200D need the Virama property, which the JDK does not expose, so they are refused.
 *
 * <p>As with {@link SaslPrep}, invalid input is a configuration error and throws {@link
 * IllegalArgumentException}.
 */
public final class OpaqueString {
  private OpaqueString() {}

  /** The enforced form of {@code input}; empty or disallowed input throws. */
  public static String prepare(String input) {
    StringBuilder mapped = new StringBuilder(input.length());
    input
        .codePoints()
        .forEach(
            cp ->
                mapped.appendCodePoint(
                    Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp));
    String s = Normalizer.normalize(mapped, Normalizer.Form.NFC);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("OpaqueString: empty string");
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!isAllowed(s, i, cp)) {
        throw new IllegalArgumentException(
            String.format("OpaqueString: disallowed code point U+%04X at %d", cp, i));
      }
      i += Character.charCount(cp);
    }
    return s;
  }

  private static boolean isAllowed(String s, int at, int cp) {
    // RFC 5892 Exceptions (F): PVALID and DISALLOWED entries.
    if (cp == 0x00DF
        || cp == 0x03C2
        || cp == 0x06FD
        || cp == 0x06FE
        || cp == 0x0F0B
        || cp == 0x3007) {
      return true;
    }
    if (cp == 0x0640
        || cp == 0x07FA
        || cp == 0x302E
        || cp == 0x302F
        || (cp >= 0x3031 && cp <= 0x3035)
        || cp == 0x303B) {
      return false;
    }
    if (isContextO(cp)) {
      return contextOAllows(s, at, cp);
    }
    int type = Character.getType(cp);
    if (type == Character.UNASSIGNED) {
      return false;
    }
    if (cp >= 0x21 && cp <= 0x7E) {
      return true; // ASCII7
    }
    if (cp == 0x200C || cp == 0x200D) {
      return false; // JoinControl (CONTEXTJ), see class comment
    }
    if (isOldHangulJamo(cp)
        || isDefaultIgnorable(cp)
        || (cp & 0xFFFE) == 0xFFFE
        || (cp >= 0xFDD0 && cp <= 0xFDEF)) {
      return false;
    }
    switch (type) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.PRIVATE_USE:
      case Character.SURROGATE:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        // Letters, marks, numbers, spaces, symbols, punctuation: PVALID or FREE_PVAL.
        return true;
    }
  }

  private static boolean isContextO(int cp) {
    return cp == 0x00B7
        || cp == 0x0375
        || cp == 0x05F3
        || cp == 0x05F4
        || cp == 0x30FB
        || (cp >= 0x0660 && cp <= 0x0669)
        || (cp >= 0x06F0 && cp <= 0x06F9);
  }

  private static boolean contextOAllows(String s, int at, int cp) {
    switch (cp) {
      case 0x00B7: // MIDDLE DOT only between two 'l'
        return at > 0 && s.charAt(at - 1) == 'l' && at + 1 < s.length() && s.charAt(at + 1) == 'l';
      case 0x0375: // KERAIA before a Greek letter
        return at + 1 < s.length()
            && Character.UnicodeScript.of(s.codePointAt(at + 1)) == Character.UnicodeScript.GREEK;
      case 0x05F3:
      case 0x05F4: // GERESH, GERSHAYIM after a Hebrew letter
        return at > 0
            && Character.UnicodeScript.of(s.codePointBefore(at)) == Character.UnicodeScript.HEBREW;
      case 0x30FB: // KATAKANA MIDDLE DOT with any Hiragana, Katakana or Han in the string
        return s.codePoints()
            .filter(c -> c != 0x30FB)
            .mapToObj(Character.UnicodeScript::of)
            .anyMatch(
                sc ->
                    sc == Character.UnicodeScript.HIRAGANA
                        || sc == Character.UnicodeScript.KATAKANA
                        || sc == Character.UnicodeScript.HAN);
      default: // Arabic-Indic digits: the two digit sets must not mix
        boolean extended = cp >= 0x06F0;
        return s.codePoints()
            .noneMatch(c -> extended ? (c >= 0x0660 && c <= 0x0669) : (c >= 0x06F0 && c <= 0x06F9));
    }
  }

  private static boolean isOldHangulJamo(int cp) {
    return (cp >= 0x1100 && cp <= 0x11FF)
        || (cp >= 0xA960 && cp <= 0xA97C)
        || (cp >= 0xD7B0 && cp <= 0xD7C6)
        || (cp >= 0xD7CB && cp <= 0xD7FB);
  }

  /** Default_Ignorable_Code_Point (Unicode DerivedCoreProperties). */
  private static boolean isDefaultIgnorable(int cp) {
    return cp == 0x00AD
        || cp == 0x034F
        || cp == 0x061C
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x17B4
        || cp == 0x17B5
        || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x206F)
        || cp == 0x3164
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF
        || cp == 0xFFA0
        || (cp >= 0xFFF0 && cp <= 0xFFF8)
        || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
        || (cp >= 0x1D173 && cp <= 0x1D17A)
        || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }
}

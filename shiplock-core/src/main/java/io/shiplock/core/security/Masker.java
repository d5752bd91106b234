package io.shiplock.core.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hides secure values in text before it is stored or leaves a host: the agent masks step output
 * with it, the server masks its own steps' messages and outputs. Each value is hidden in clear,
 * percent-encoded in any mix (each character as itself or as {@code %XX} in upper- or lower-case
 * hex, a space also as {@code +}), in base64 and base64url (with and without padding) and as the
 * hex of its UTF-8 bytes in either case. Longer values are tried first so one that contains another
 * is never half-masked. Values shorter than {@link #MIN_LENGTH} are left alone: masking one or two
 * characters would shred every line.
 */
public final class Masker {
  public static final String MASK = "****";
  public static final int MIN_LENGTH = 3;

  /** Masks nothing. */
  public static final Masker NONE = new Masker(List.of());

  private final List<Secret> secrets = new ArrayList<>();
  // Whether any form of any value can start with this ASCII character (or, last slot, any other).
  private final boolean[] starts = new boolean[129];

  public Masker(Collection<String> values) {
    for (String v : values) {
      if (v != null && v.length() >= MIN_LENGTH) secrets.add(new Secret(v));
    }
    secrets.sort(Comparator.comparingInt((Secret s) -> s.value.length()).reversed());
    for (Secret s : secrets) for (char c : s.starts.toCharArray()) starts[Math.min(c, 128)] = true;
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** The text with every form of every value replaced by {@link #MASK}; null stays null. */
  public String mask(String text) {
    if (text == null || secrets.isEmpty()) return text;
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      if (!starts[Math.min(text.charAt(i), 128)]) {
        i++;
        continue;
      }
      int end = matchAt(text, i);
      if (end < 0) {
        i++;
        continue;
      }
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, copied, i).append(MASK);
      i = end;
      copied = end;
    }
    if (out == null) return text;
    return out.append(text, copied, text.length()).toString();
  }

  /** The values of a map masked (its keys are names the configuration chose, not secrets). */
  public Map<String, String> mask(Map<String, String> values) {
    if (values == null || secrets.isEmpty()) return values;
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, mask(v)));
    return out;
  }

  private int matchAt(String text, int at) {
    for (Secret s : secrets) {
      int end = s.matchAt(text, at);
      if (end >= 0) return end;
    }
    return -1;
  }

  /** One value: its code points with their UTF-8 bytes, and its exact encoded forms. */
  private static final class Secret {
    final String value;
    final int[] codePoints;
    final byte[][] utf8;
    final List<String> encoded = new ArrayList<>();
    final String hex;
    // The characters any form can start with: most positions of a line are passed over on one test.
    final String starts;

    Secret(String value) {
      this.value = value;
      this.codePoints = value.codePoints().toArray();
      this.utf8 = new byte[codePoints.length][];
      for (int k = 0; k < codePoints.length; k++)
        utf8[k] = new String(Character.toChars(codePoints[k])).getBytes(StandardCharsets.UTF_8);
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      for (Base64.Encoder e : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        encoded.add(e.encodeToString(bytes));
        encoded.add(e.withoutPadding().encodeToString(bytes));
      }
      encoded.sort(Comparator.comparingInt(String::length).reversed());
      this.hex = HexFormat.of().formatHex(bytes);
      StringBuilder first = new StringBuilder().append(value.charAt(0)).append('%');
      if (codePoints[0] == ' ') first.append('+');
      first
          .append(Character.toLowerCase(hex.charAt(0)))
          .append(Character.toUpperCase(hex.charAt(0)));
      for (String e : encoded) first.append(e.charAt(0));
      this.starts = first.toString();
    }

    /** The end of the form of this value that starts at {@code at}, or -1. */
    int matchAt(String text, int at) {
      if (starts.indexOf(text.charAt(at)) < 0) return -1;
      if (text.regionMatches(true, at, hex, 0, hex.length())) return at + hex.length();
      for (String e : encoded) if (text.startsWith(e, at)) return at + e.length();
      return percentEncodedAt(text, at);
    }

    /** Each character as itself, as the %XX of its bytes (either case), a space also as '+'. */
    private int percentEncodedAt(String text, int at) {
      int i = at;
      for (int k = 0; k < codePoints.length; k++) {
        int cp = codePoints[k];
        if (i < text.length() && text.codePointAt(i) == cp) {
          i += Character.charCount(cp);
        } else if (cp == ' ' && i < text.length() && text.charAt(i) == '+') {
          i++;
        } else {
          for (byte b : utf8[k]) {
            if (i + 3 > text.length()) return -1;
            if (text.charAt(i) != '%') return -1;
            int hi = Character.digit(text.charAt(i + 1), 16);
            int lo = Character.digit(text.charAt(i + 2), 16);
            if (hi < 0 || lo < 0 || (byte) (hi << 4 | lo) != b) return -1;
            i += 3;
          }
        }
      }
      return i;
    }
  }
}

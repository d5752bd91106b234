package io.shiplock.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/** Rules for object names, and "did you mean" hints for misspelt fields and references. */
public final class Names {
  // Spaces are allowed inside names (the seed's "Integration Test"); slashes, quotes, braces and
  // control characters are not, because names appear in URLs and in ${p:scope/name} references.
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\- ]{0,126}");

  private Names() {}

  /** Null when the name is acceptable; otherwise what is wrong with it. */
  public static String problem(String name) {
    if (name.isEmpty()) return "name must not be empty";
    if (name.length() > 127) return "name is longer than 127 characters";
    if (!VALID.matcher(name).matches() || name.endsWith(" ")) {
      return "invalid name '"
          + name
          + "': use letters, digits, '_', '-', '.' and inner spaces only, starting with a letter,"
          + " digit or '_'";
    }
    return null;
  }

  /**
   * Null when the name can name a property in configuration files (no spaces: it appears in {@code
   * ${p:name}} references); otherwise what is wrong with it.
   */
  public static String propertyProblem(String name) {
    if (PropertyReader.PROPERTY_NAME.matcher(name).matches()) return null;
    return "invalid property name '" + name + "': use letters, digits, '_', '-' and '.'";
  }

  /** ", did you mean 'x'?" for the closest candidate within a small edit distance, else "". */
  public static String suggestion(String given, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(given.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= Math.max(2, given.length() / 3)
        ? ", did you mean '" + best + "'?"
        : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

package io.shiplock.agent.files;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An Ant-style path pattern, matched against a relative path with {@code /} separators: {@code **}
 * is any number of directories (none too, so {@code **}{@code /*} matches a top-level file), {@code
 * *} any characters within one name, {@code ?} one character. A pattern ending in {@code /} means
 * everything below it, as in Ant. {@link java.nio.file.PathMatcher}'s glob differs exactly where
 * UCD users rely on Ant ({@code **}{@code /*.war} must match {@code app.war}), hence this class.
 */
public final class AntGlob {
  private final String pattern;
  private final List<Pattern> segments = new ArrayList<>(); // null for **

  public AntGlob(String pattern) {
    String p = pattern.replace('\\', '/');
    while (p.startsWith("./")) p = p.substring(2);
    if (p.endsWith("/")) p = p + "**";
    this.pattern = p;
    for (String s : p.split("/+")) {
      if (s.isEmpty() || s.equals(".")) continue;
      segments.add(s.equals("**") ? null : segment(s));
    }
  }

  private static Pattern segment(String s) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Whether the relative path (names separated by {@code /}) matches. */
  public boolean matches(String path) {
    String[] names = path.isEmpty() ? new String[0] : path.split("/");
    return matches(0, names, 0);
  }

  private boolean matches(int i, String[] names, int j) {
    if (i == segments.size()) return j == names.length;
    Pattern s = segments.get(i);
    if (s == null) {
      // ** takes none, one or more names: try each split (patterns are short, paths shallow).
      for (int k = j; k <= names.length; k++) if (matches(i + 1, names, k)) return true;
      return false;
    }
    return j < names.length && s.matcher(names[j]).matches() && matches(i + 1, names, j + 1);
  }

  /** Whether the pattern has a wildcard, i.e. names several paths rather than one. */
  static boolean isPattern(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  @Override
  public String toString() {
    return pattern;
  }
}

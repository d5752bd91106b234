package io.shiplock.core.engine;

import io.shiplock.core.engine.PropertyResolver.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Property values for a shell script, given as environment variables instead of pasted into its
 * text: {@code ${p:who}} becomes {@code ${SHIPLOCK_P_who}} and the value travels in the step's
 * environment, so no value is ever parsed as shell code, whatever it holds. Where the reference
 * stands decides the spelling, so a script means what it meant when values were pasted: inside
 * double quotes it stays inside them, inside single quotes the quotes are closed around a
 * double-quoted expansion, and bare it expands bare (split into words, as before; the plan warns).
 * A here-document body with a quoted delimiter does not expand variables, so there the value is
 * pasted as data, refused when it would end the document.
 */
public final class ShellValues {
  /** The prefix of the variables that carry values. */
  public static final String PREFIX = "SHIPLOCK_P_";

  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "ksh", "zsh");

  private ShellValues() {}

  /** The script to run and the variables its references now read. */
  public record Bound(String script, Map<String, String> env) {}

  /** Where a reference stands in the script. */
  public enum Place {
    BARE,
    DOUBLE_QUOTED,
    SINGLE_QUOTED,
    HEREDOC,
    QUOTED_HEREDOC
  }

  /** A reference and where it stands. */
  public record Placed(Reference ref, Place place, String heredocEnd) {}

  /** True for interpreters whose language is the POSIX shell's (the default {@code /bin/sh}). */
  public static boolean isShell(String interpreter) {
    if (interpreter == null || interpreter.isBlank()) return true;
    String first = interpreter.strip().split("\\s+")[0];
    Path name = Path.of(first).getFileName();
    return name != null && SHELLS.contains(name.toString());
  }

  public static Bound bind(String script, PropertyResolver resolver) {
    Map<String, String> env = new TreeMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Placed p : placed(script)) {
      Reference ref = p.ref();
      String value = resolver.value(ref);
      out.append(script, at, ref.start());
      at = ref.end();
      if (p.place() == Place.QUOTED_HEREDOC) {
        if (("\n" + value + "\n").contains("\n" + p.heredocEnd() + "\n")) {
          throw new PropertyResolver.Unresolved(
              ref.name(),
              "the value of '"
                  + ref.name()
                  + "' holds the line '"
                  + p.heredocEnd()
                  + "', which would end the here-document it stands in");
        }
        out.append(value);
        continue;
      }
      String var = names.computeIfAbsent(ref.name(), n -> variable(n, names.values()));
      env.put(var, value);
      out.append(
          switch (p.place()) {
            case SINGLE_QUOTED -> "'\"${" + var + "}\"'";
            default -> "${" + var + "}";
          });
    }
    return new Bound(out.append(script, at, script.length()).toString(), env);
  }

  private static String variable(String property, Collection<String> taken) {
    String base = PREFIX + property.replaceAll("[^A-Za-z0-9_]", "_");
    String name = base;
    for (int i = 2; taken.contains(name); i++) name = base + "_" + i;
    return name;
  }

  /**
   * The references of a script with their places. A small lexer of the shell's quoting: single and
   * double quotes, backslash escapes, comments and here-documents. It decides spelling only: a
   * value in an environment variable is never parsed as code, wherever the lexer thinks it stands.
   */
  public static List<Placed> placed(String script) {
    List<Reference> refs = PropertyResolver.references(script);
    List<Placed> out = new ArrayList<>();
    if (refs.isEmpty()) return out;
    Place[] placeAt = new Place[script.length()];
    String[] endAt = new String[script.length()];
    lex(script, placeAt, endAt);
    for (Reference r : refs) {
      // Positions the lexer skipped (an escaped character, a comment) are bare text.
      Place place = placeAt[r.start()] == null ? Place.BARE : placeAt[r.start()];
      out.add(new Placed(r, place, endAt[r.start()]));
    }
    return out;
  }

  private static void lex(String s, Place[] placeAt, String[] endAt) {
    Place state = Place.BARE;
    List<String[]> pendingDocs = new ArrayList<>(); // {delimiter, quoted, dash}
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      placeAt[i] = state;
      if (s.startsWith("${p", i)) { // a reference is one token: its braces are not shell syntax
        int end = s.indexOf('}', i);
        for (int k = i; k <= end && k >= 0; k++) placeAt[k] = state;
        i = end < 0 ? s.length() : end + 1;
        continue;
      }
      switch (state) {
        case SINGLE_QUOTED -> {
          if (c == '\'') state = Place.BARE;
          i++;
        }
        case DOUBLE_QUOTED -> {
          if (c == '\\') i++;
          else if (c == '"') state = Place.BARE;
          i++;
        }
        default -> {
          if (c == '\\') {
            i += 2;
          } else if (c == '\'') {
            state = Place.SINGLE_QUOTED;
            i++;
          } else if (c == '"') {
            state = Place.DOUBLE_QUOTED;
            i++;
          } else if (c == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
            int nl = s.indexOf('\n', i);
            i = nl < 0 ? s.length() : nl;
          } else if (s.startsWith("<<", i) && !s.startsWith("<<<", i)) {
            i = heredocOperator(s, i + 2, pendingDocs);
          } else if (c == '\n' && !pendingDocs.isEmpty()) {
            i = heredocBodies(s, i + 1, pendingDocs, placeAt, endAt);
          } else {
            i++;
          }
        }
      }
    }
  }

  /** Reads {@code [-] WORD} after {@code <<}; returns where the word ends. */
  private static int heredocOperator(String s, int i, List<String[]> pending) {
    boolean dash = i < s.length() && s.charAt(i) == '-';
    if (dash) i++;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    while (i < s.length()
        && !Character.isWhitespace(s.charAt(i))
        && ";|&<>()".indexOf(s.charAt(i)) < 0) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"' || c == '\\') quoted = true;
      else word.append(c);
      i++;
    }
    if (!word.isEmpty())
      pending.add(new String[] {word.toString(), String.valueOf(quoted), String.valueOf(dash)});
    return i;
  }

  /**
   * Marks the bodies of the pending here-documents, which start at {@code i}; returns their end.
   */
  private static int heredocBodies(
      String s, int i, List<String[]> pending, Place[] placeAt, String[] endAt) {
    for (String[] doc : pending) {
      Place place = Boolean.parseBoolean(doc[1]) ? Place.QUOTED_HEREDOC : Place.HEREDOC;
      while (i < s.length()) {
        int nl = s.indexOf('\n', i);
        int lineEnd = nl < 0 ? s.length() : nl;
        String line = s.substring(i, lineEnd);
        if (Boolean.parseBoolean(doc[2])) line = line.replaceFirst("^\t+", "");
        boolean last = line.equals(doc[0]);
        for (int k = i; k < lineEnd; k++) {
          placeAt[k] = last ? Place.BARE : place;
          endAt[k] = doc[0];
        }
        i = nl < 0 ? s.length() : nl + 1;
        if (last) break;
      }
    }
    pending.clear();
    return i;
  }
}

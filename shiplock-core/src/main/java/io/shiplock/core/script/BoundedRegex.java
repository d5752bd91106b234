package io.shiplock.core.script;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions that cannot run away: java.util.regex reads its input through {@link
 * CharSequence#charAt}, so a text that checks a deadline there stops a catastrophic backtrack (such
 * as {@code (.*a){15}z}) that would otherwise run for minutes inside one {@code matches} call.
 */
public final class BoundedRegex {
  private BoundedRegex() {}

  /** The regex did not finish within its time. */
  public static final class TooSlow extends RuntimeException {
    public TooSlow(String message) {
      super(message);
    }
  }

  /**
   * Whether all of {@code text} matches {@code regex}, giving up after {@code limit}.
   *
   * @throws TooSlow when the match takes longer than {@code limit}
   * @throws PatternSyntaxException when {@code regex} is not a regular expression
   */
  public static boolean matches(String regex, CharSequence text, Duration limit) {
    return bounded(regex, text, limit).matches();
  }

  /**
   * Whether {@code regex} matches somewhere in {@code text}, giving up after {@code limit}.
   *
   * @throws TooSlow when the search takes longer than {@code limit}
   * @throws PatternSyntaxException when {@code regex} is not a regular expression
   */
  public static boolean finds(String regex, CharSequence text, Duration limit) {
    return bounded(regex, text, limit).find();
  }

  private static Matcher bounded(String regex, CharSequence text, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    Pattern p = Pattern.compile(regex);
    return p.matcher(
        new Text(
            text,
            () -> {
              if (System.nanoTime() > deadline)
                throw new TooSlow(
                    "the regular expression '"
                        + regex
                        + "' took longer than "
                        + limit.toMillis()
                        + " ms");
            }));
  }

  /**
   * A text whose reads run {@code check} now and then: {@code check} throws to stop the regex that
   * reads it. Every 1024th read, so the cost is a counter increment per character.
   */
  static final class Text implements CharSequence {
    private final CharSequence text;
    private final Runnable check;
    private int reads;

    Text(CharSequence text, Runnable check) {
      this.text = text;
      this.check = check;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 1023) == 0) check.run();
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Text(text.subSequence(start, end), check);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}

package io.shiplock.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scripts of issue 16, unchanged: each must end as a failure of its own evaluation, within its
 * time limit, whatever Java error it provokes, and leave the calling thread unharmed.
 */
class HostileScriptsTest {
  private static final ScriptLimits LIMITS =
      new ScriptLimits(Duration.ofSeconds(2), 64L << 20, 64 * 1024);

  /** The time limit plus room for a slow, shared machine. */
  private static final long WITHIN_MILLIS = 2_000 + 3_000;

  @TempDir Path dir;

  /** The scripts first, then the same attacks by other roads. */
  static Stream<String> hostile() {
    return Stream.of(
        "var a=[];for(var i=0;i<200000;i++)a=[a];String(a)",
        "new java.lang.String(\"x\").__proto__",
        "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\".matches(\"(.*a){15}z\")",
        "\"\".padEnd(1<<30,\"x\")",
        "java.lang.String.format(\"%2000000000s\", \"x\")",
        // The same regex where it reaches a regex engine: a Java string's, and Rhino's own.
        "new java.lang.String(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\").matches(\"(.*a){15}z\")",
        "/(.*a){15}z/.test(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\")",
        "'x'.repeat(1<<30)",
        "new Array(1<<30).join('xx')",
        "new java.lang.String(\"x\").repeat(1<<30)",
        "var s='x'; while(true) s = s + s;");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aHostilePreconditionFailsWithinItsLimit(String script) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Precondition.holds(script, LIMITS))
        .isInstanceOf(Precondition.Invalid.class)
        .hasMessageStartingWith("precondition '" + script + "': ");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(WITHIN_MILLIS);
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aHostilePostProcessingScriptFailsTheStepWithinItsLimit(String script) throws IOException {
    Path out = Files.writeString(dir.resolve("out.log"), "hello\n");
    long start = System.nanoTime();
    ScriptResult r =
        new PostProcessor(LIMITS).run(script + ";properties.put('Status','Success');", 0, out);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(WITHIN_MILLIS);
    assertThat(r.success()).isFalse();
    assertThat(r.error()).startsWith("post-processing script: ");
  }

  @Test
  void aLoneSurrogateInCommandOutIsReplacedNotFatal() throws IOException {
    Path out = Files.writeString(dir.resolve("out.log"), "hello\n");
    ScriptResult r =
        new PostProcessor(LIMITS)
            .run("commandOut.println(\"\\uD800\");properties.put('Status','Success');", 0, out);
    assertThat(r.error()).isNull();
    assertThat(r.commandOut()).isEqualTo("\uFFFD\n");
  }

  @Test
  void aJavaRegexAbandonedAtItsDeadlineStopsBurningCpu() throws Exception {
    // Only this script's worker: another test's abandoned one may still be on its way out.
    Set<Thread> before = scriptThreads();
    assertThatThrownBy(
            () ->
                Precondition.holds(
                    "new java.lang.String(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\").matches(\"(.*a){15}z\")",
                    LIMITS))
        .hasMessageContaining("time limit");
    // The abandoned worker notices the deadline inside the regex and ends soon after.
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < until && !newer(before).isEmpty()) Thread.sleep(50);
    assertThat(newer(before)).isEmpty();
  }

  @Test
  void aTaggingRegexOverAnInterruptibleTextStopsAtItsDeadline() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                BoundedRegex.matches(
                    "(.*a){15}z", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", Duration.ofMillis(300)))
        .isInstanceOf(BoundedRegex.TooSlow.class)
        .hasMessageContaining("(.*a){15}z");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    assertThat(BoundedRegex.matches("v[0-9.]+", "v1.2.3", Duration.ofMillis(300))).isTrue();
  }

  @Test
  void ordinaryScriptsStillWork() throws IOException {
    assertThat(Precondition.holds("'a'.padEnd(3,'b') == 'abb'", LIMITS)).isTrue();
    assertThat(Precondition.holds("'ab'.repeat(2) == 'abab'", LIMITS)).isTrue();
    Path out = Files.writeString(dir.resolve("o.log"), "x\n");
    ScriptResult r =
        new PostProcessor(LIMITS)
            .run(
                "commandOut.println('é ok');properties.put('Status','Success');"
                    + "properties.put('s', java.lang.String.format('%5s', 'x'));",
                0, out);
    assertThat(r.error()).isNull();
    assertThat(r.outputs()).containsEntry("s", "    x");
    assertThat(r.commandOut()).isEqualTo("é ok\n");
  }

  private static Set<Thread> scriptThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("shiplock-script"))
        .collect(Collectors.toSet());
  }

  private static Set<Thread> newer(Set<Thread> before) {
    Set<Thread> now = scriptThreads();
    now.removeAll(before);
    return now;
  }
}

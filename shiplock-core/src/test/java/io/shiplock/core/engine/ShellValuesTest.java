package io.shiplock.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.model.PropertyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values reach a shell script as variables: the script means what it did, a value is data. */
class ShellValuesTest {
  @TempDir Path dir;

  private static PropertyResolver resolver(Map<String, String> request) {
    Map<String, PropertyValue> props = new HashMap<>();
    request.forEach((k, v) -> props.put(k, PropertyValue.plain(v)));
    return new PropertyResolver(
        new PropertyContext(Map.of("request", props), Map.of("version.name", "1.0"), Map.of()));
  }

  /** Runs the script as the agent would: /bin/sh, the bound variables in its environment. */
  private String run(String script, Map<String, String> request)
      throws IOException, InterruptedException {
    ShellValues.Bound b = ShellValues.bind(script, resolver(request));
    Path file = dir.resolve("s.sh");
    Files.writeString(file, b.script());
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString()).directory(dir.toFile());
    pb.environment().putAll(b.env());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @Test
  void aValueThatIsShellCodeStaysData() throws Exception {
    // The reproducer: with values pasted, this created a file on the agent.
    String who = "\"; touch pwned; echo \"";
    String out =
        run(
            "echo \"hello ${p:who}\"\necho bare ${p:who}\necho 'single ${p:who}'\n",
            Map.of("who", who));
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(out)
        .contains("hello " + who)
        .contains("bare \"; touch pwned; echo \"")
        .contains("single " + who);
    String dollar = "$(touch pwned2) `touch pwned3` $HOME";
    assertThat(run("echo ${p:who}; echo \"${p:who}\"", Map.of("who", dollar))).contains(dollar);
    assertThat(dir.resolve("pwned2")).doesNotExist();
    assertThat(dir.resolve("pwned3")).doesNotExist();
  }

  @Test
  void benignScriptsMeanWhatTheyMeantWhenValuesWerePasted() throws Exception {
    Map<String, String> v = Map.of("files", "a b c", "name", "svc", "tag", "1.0");
    String script =
        String.join(
            "\n",
            "for f in ${p:files}; do echo \"file $f\"; done", // bare: split into words, as before
            "echo \"image ${p:name}:${p:tag}\"",
            "echo 'literal ${p:name}'",
            "cat <<EOF",
            "doc ${p:name} ${p:version.name}",
            "EOF",
            "cat <<'RAW'",
            "raw ${p:name} $HOME",
            "RAW",
            "# a comment with ${p:name}",
            "echo done");
    String out = run(script, v);
    assertThat(out.lines().toList())
        .containsExactly(
            "file a",
            "file b",
            "file c",
            "image svc:1.0",
            "literal svc",
            "doc svc 1.0",
            "raw svc $HOME",
            "done");
  }

  @Test
  void theScriptTextHoldsNoValueAndEachPropertyIsOneVariable() {
    ShellValues.Bound b =
        ShellValues.bind(
            "echo ${p:request/who} ${p:who} \"${p:who}\"", resolver(Map.of("who", "alice")));
    assertThat(b.script()).doesNotContain("alice");
    assertThat(b.env())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("SHIPLOCK_P_request_who", "alice", "SHIPLOCK_P_who", "alice"));
  }

  @Test
  void aValueThatWouldEndAQuotedHereDocumentIsRefused() {
    assertThatThrownBy(
            () ->
                ShellValues.bind(
                    "cat <<'EOF'\n${p:x}\nEOF\n", resolver(Map.of("x", "a\nEOF\nrm -rf /"))))
        .isInstanceOf(PropertyResolver.Unresolved.class)
        .hasMessageContaining("would end the here-document");
  }

  @Test
  void placesAreFoundForThePlanLint() {
    assertThat(
            ShellValues.placed("echo ${p:a} \"${p:b}\" '${p:c}'").stream()
                .map(ShellValues.Placed::place)
                .toList())
        .isEqualTo(
            List.of(
                ShellValues.Place.BARE,
                ShellValues.Place.DOUBLE_QUOTED,
                ShellValues.Place.SINGLE_QUOTED));
    assertThat(ShellValues.isShell(null)).isTrue();
    assertThat(ShellValues.isShell("/bin/bash -e")).isTrue();
    assertThat(ShellValues.isShell("python3")).isFalse();
  }
}

package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What makes the CLI pleasant: its version and the server's, shell completion, whole help texts.
 */
class CliComfortTest {
  private static TestServer server;
  private static String token;

  @BeforeAll
  static void start() {
    server = new TestServer("sqlite");
    token = server.adminToken();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void versionShowsTheClientsAndTheServers() throws Exception {
    var r = CliRunner.exec(null, "version", "--server=" + server.url(), "--token=" + token);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("client: shiplock " + ShiplockServer.VERSION)
        .contains("server: shiplock " + ShiplockServer.VERSION + " at " + server.url() + " (node ");

    var json =
        CliRunner.exec(
            null, "version", "-o", "json", "--server=" + server.url(), "--token=" + token);
    JsonNode v = ApiClient.JSON.readTree(json.out());
    assertThat(v.get("client").asText()).isEqualTo(v.get("server").asText());
    assertThat(v.get("node").asText()).isNotBlank();
  }

  @Test
  void versionWithoutAServerStillPrintsTheClients() {
    var r = CliRunner.exec(null, "version", "--server=http://127.0.0.1:1", "--token=x");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("client: shiplock " + ShiplockServer.VERSION)
        .contains("server: http://127.0.0.1:1: cannot reach the Shiplock server");
  }

  @Test
  void bashCompletesCommandsSubcommandsAndOptions(@TempDir Path dir) throws Exception {
    var r = CliRunner.exec(null, "completion", "bash");
    assertThat(r.code()).as(r.err()).isZero();
    Path script = Files.writeString(dir.resolve("shiplock.bash"), r.out());
    // Real bash, as it completes: the words typed so far, then the script's function.
    assertThat(complete("bash", script, "shiplock", "ver")).contains("version", "versions");
    assertThat(complete("bash", script, "shiplock", "get", "--ou")).containsExactly("--output");
    assertThat(complete("bash", script, "shiplock", "versions", "cr")).containsExactly("create");
    assertThat(complete("bash", script, "shiplock", "completion", ""))
        .containsExactly("bash", "zsh");
  }

  @Test
  void zshGetsTheSameScriptThroughItsBashCompatibility() {
    var r = CliRunner.exec(null, "completion", "zsh");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit")
        .contains("complete -F _complete_shiplock");
    var wrong = CliRunner.exec(null, "completion", "fish");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("expected one of [bash, zsh]", "'fish'");
  }

  /** Every command's description is whole sentences: each paragraph ends as a sentence does. */
  @Test
  void helpTextsReadAsWholeSentences() {
    List<String> broken = new ArrayList<>();
    walk(Main.commandLine(), broken);
    assertThat(broken).isEmpty();
  }

  private static void walk(CommandLine cl, List<String> broken) {
    var spec = cl.getCommandSpec();
    for (String paragraph : spec.usageMessage().description()) {
      String p = paragraph.replace("%n", "").strip(); // picocli's own help ends in a line break
      if (p.startsWith("Example: ")) continue; // a command line, not a sentence
      if (!(p.endsWith(".") || p.endsWith(".)") || p.endsWith(":")))
        broken.add(spec.qualifiedName() + ": '" + p + "'");
      if (!p.isEmpty() && Character.isLowerCase(p.charAt(0)))
        broken.add(spec.qualifiedName() + " starts in lower case: '" + p + "'");
    }
    for (CommandLine sub : cl.getSubcommands().values()) walk(sub, broken);
  }

  private static List<String> complete(String shell, Path script, String... words)
      throws IOException, InterruptedException {
    String line = String.join(" ", words);
    String program =
        "source "
            + script
            + "\nCOMP_WORDS=("
            + String.join(" ", quoted(words))
            + ")\nCOMP_CWORD="
            + (words.length - 1)
            + "\nCOMP_LINE='"
            + line
            + "'\nCOMP_POINT="
            + line.length()
            + "\n_complete_shiplock\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    // stderr aside: outside a real completion, bash's compopt complains, and that is all it says.
    Process p =
        new ProcessBuilder(shell, "-c", program)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> quoted(String... words) {
    List<String> out = new ArrayList<>();
    for (String w : words) out.add("'" + w + "'");
    return out;
  }
}

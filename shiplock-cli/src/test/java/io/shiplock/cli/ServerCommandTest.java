package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.server.ServerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's options for what sources may reach become its settings, or a clear refusal. */
class ServerCommandTest {
  private static ServerSettings settings(String... args) {
    return CommandLine.populateCommand(new ServerCommand(), args).settings();
  }

  @Test
  void sourceOptionsBecomeTheServersSourceAccess() {
    ServerSettings s =
        settings(
            "--source-root",
            "/srv/repos",
            "--source-schemes",
            "https,ssh",
            "--source-hosts",
            "git.example.com");
    assertThat(s.sources().fileRoot()).isEqualTo(Path.of("/srv/repos"));
    assertThat(s.sources().schemes()).containsExactlyInAnyOrder("https", "ssh");
    assertThat(s.sources().hosts()).containsExactly("git.example.com");
    assertThatThrownBy(() -> settings("--source-schemes", "https,file"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("'file' is allowed by a source root (--source-root DIR");
  }
}

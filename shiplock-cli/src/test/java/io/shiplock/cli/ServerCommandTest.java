package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.server.ServerSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's options (sources, TLS) become its settings, or a clear refusal. */
class ServerCommandTest {
  private static ServerSettings settings(String... args) {
    return CommandLine.populateCommand(new ServerCommand(), args).settings();
  }

  /** {@code shiplock server} on a home in {@code dir} and {@code port}, with more options. */
  private static CliRunner.Run server(Path dir, String port, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("server", "--home", dir.resolve("home").toString(), "--port", port));
    args.addAll(List.of(more));
    return CliRunner.exec(null, args.toArray(String[]::new));
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

  @Test
  void tlsOptionsBecomeTheServersTlsSettingsOrAClearRefusal() {
    ServerSettings s =
        settings("--tls-cert", "/etc/shiplock/chain.pem", "--tls-key", "/etc/shiplock/key.pem");
    assertThat(s.tls().certFile()).isEqualTo(Path.of("/etc/shiplock/chain.pem"));
    assertThat(s.url(8443)).isEqualTo("https://127.0.0.1:8443");
    assertThatThrownBy(() -> settings("--tls-cert", "/etc/shiplock/chain.pem"))
        .isInstanceOf(CliException.class)
        .hasMessage("--tls-cert needs --tls-key (the PEM private key of the certificate)");
    assertThatThrownBy(() -> settings("--http-redirect-port", "8080"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("it needs --tls-cert/--tls-key or --tls-keystore");
  }

  @Test
  void aMissingCertificateStopsTheStartWithItsNameAndExitCode1(@TempDir Path dir)
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path cert = dir.resolve("no-such-chain.pem");
    CliRunner.Run r =
        server(
            dir,
            String.valueOf(port),
            "--tls-cert",
            cert.toString(),
            "--tls-key",
            dir.resolve("key.pem").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("error: TLS: --tls-cert " + cert + ": no such file");
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("no port open")
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aBadPoolSizeStopsTheStartNamingTheOption(@TempDir Path dir) {
    // Were the option lost, the server would start: the training run's option makes it stop.
    CliRunner.Run r = server(dir, "0", "--db-pool-size", "0", "--stop-when-ready");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "error: SHIPLOCK_DB_POOL_SIZE (--db-pool-size) must be a number of connections from 2"
                + " to 200, not '0'");
    assertThat(dir.resolve("home")).doesNotExist();
  }

  @Test
  void theTrainingRunStartsAServerAnswersItsProbesAndStops(@TempDir Path dir) {
    // The launcher's start-up cache is recorded by this run: it must end by itself, with 0.
    CliRunner.Run run = server(dir, "0", "--host", "127.0.0.1", "--stop-when-ready");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("ready at http://127.0.0.1:");
    assertThat(dir.resolve("home")).isNotEmptyDirectory();
  }

  @Test
  void aCommandLineHoldsTheCommandItNamesOrAllWhenItNamesNone() {
    assertThat(Main.commandLine("server", "--port", "0").getSubcommands())
        .containsOnlyKeys("server");
    assertThat(Main.commandLine("agents", "token").getSubcommands()).containsOnlyKeys("agents");
    // Help, completion and a typo (whose error suggests the nearest names) need them all.
    for (String[] args :
        new String[][] {{}, {"help", "server"}, {"completion"}, {"serv"}, {"--help"}})
      assertThat(Main.commandLine(args).getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
    CliRunner.Run typo = CliRunner.exec(null, "serv");
    assertThat(typo.err()).contains("Did you mean: shiplock server");
    // No command at all prints the usage with every command.
    CliRunner.Run bare = CliRunner.exec(null);
    assertThat(bare.out()).contains("Commands:", "server", "apply", "agents");
  }
}

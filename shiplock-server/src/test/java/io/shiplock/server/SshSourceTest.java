package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.server.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ssh:// git source against a real SSH server (Apache MINA sshd serving git-upload-pack from a
 * JGit repository), authenticated by a private key kept in a secure property.
 */
class SshSourceTest {
  @TempDir Path dir;
  private SshServer sshd;
  private Git git;
  private TestServer server;
  private KeyPair client;

  @BeforeEach
  void start() throws Exception {
    git = Git.init().setInitialBranch("main").setDirectory(dir.resolve("repo").toFile()).call();
    Files.writeString(dir.resolve("repo/app.txt"), "hello\n");
    git.add().addFilepattern(".").call();
    git.commit().setMessage("over ssh").call();
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    client = g.generateKeyPair();
    PublicKey allowed = client.getPublic();
    Repository repo = git.getRepository();
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host.key")));
    sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, allowed));
    sshd.setCommandFactory((channel, command) -> new UploadPackCommand(repo));
    sshd.start();
    server = new TestServer("h2");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    sshd.stop(true);
    git.close();
  }

  private static String openssh(KeyPair k) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(k, "test", null, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String config(String key) {
    String indented = "      " + key.strip().replace("\n", "\n      ");
    return """
        kind: Component
        name: Svc
        properties:
          deployKey:
            secure: true
            value: |
        %s
        ---
        kind: Source
        name: over-ssh
        component: Svc
        git: {url: "ssh://git@127.0.0.1:%d/repo.git", branch: main, sshKeyProperty: deployKey}
        """
        .formatted(indented, sshd.getPort());
  }

  private TestServer.Response apply(String yaml) throws Exception {
    return server.send(
        "POST",
        "/api/v1/config/apply",
        server.adminToken(),
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "c.yaml", "content", yaml)))));
  }

  @Test
  void importsOverSshWithTheKeyFromASecureProperty() throws Exception {
    assertThat(apply(config(openssh(client))).status()).isEqualTo(200);
    var r = server.send("POST", "/api/v1/components/Svc/import", server.adminToken(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get(0).get("created")).hasSize(1);
  }

  @Test
  void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    String other = openssh(g.generateKeyPair());
    assertThat(apply(config(other)).status()).isEqualTo(200);
    var r = server.send("POST", "/api/v1/components/Svc/import", server.adminToken(), null);
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.json().get("message").asText())
        .contains("import of ssh://git@127.0.0.1:" + sshd.getPort() + "/repo.git (main) failed");
    assertThat(r.body()).doesNotContain("PRIVATE KEY");
  }

  /** Serves git-upload-pack from one repository, whatever path the client asks for. */
  private static final class UploadPackCommand implements Command {
    private final Repository repo;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Repository repo) {
      this.repo = repo;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  new UploadPack(repo).upload(in, out, err);
                  out.flush();
                  exit.onExit(0);
                } catch (Exception e) {
                  exit.onExit(1, e.toString());
                }
              });
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}

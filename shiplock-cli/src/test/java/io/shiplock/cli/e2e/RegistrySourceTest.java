package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry source against the real registry: one version per matching tag, once each. */
class RegistrySourceTest {
  private static final String REPO =
      "shiplock-test/regsrc-" + UUID.randomUUID().toString().substring(0, 6);

  @TempDir Path dir;

  @BeforeAll
  static void docker() {
    DockerAvailable.require();
  }

  private static void push(String tag) throws Exception {
    String ref = "localhost:5000/" + REPO + ":" + tag;
    for (String[] cmd :
        new String[][] {
          {"/usr/bin/docker", "tag", "shiplock/busybox:local", ref},
          {"/usr/bin/docker", "push", ref},
          {"/usr/bin/docker", "rmi", ref}
        }) {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
  }

  @Test
  void tagsThatMatchBecomeVersionsOnce() throws Exception {
    push("1.0");
    push("1.1");
    push("latest");
    String config =
        """
        kind: Component
        name: Img
        ---
        kind: Source
        name: img-tags
        component: Img
        registry: {url: "http://localhost:5000", repository: "%s", tagFilter: "\\\\d+\\\\.\\\\d+"}
        ---
        kind: Source
        name: missing
        component: Img
        registry: {url: "http://localhost:5000", repository: "shiplock-test/no-such-repo"}
        """
            .formatted(REPO);
    try (InProcessPipeline p =
        new InProcessPipeline(dir, "kind: Agent\nname: worker\n---\n" + config, "worker")) {
      JsonNode first = p.post("/api/v1/components/Img/import", "").json();
      assertThat(first.toString())
          .contains("\"created\":[\"1.0\",\"1.1\"]")
          .contains("has no repository shiplock-test/no-such-repo");
      JsonNode v = p.get("/api/v1/components/Img/versions/1.1");
      assertThat(v.at("/properties/image").asText()).isEqualTo("localhost:5000/" + REPO + ":1.1");
      assertThat(v.at("/properties/image.digest").asText()).startsWith("sha256:");
      push("1.2");
      assertThat(p.post("/api/v1/components/Img/import", "").json().toString())
          .contains("\"created\":[\"1.2\"]");
      assertThat(p.get("/api/v1/components/Img/versions")).hasSize(3);
    }
  }

  @Test
  void aPrivateRegistryNeedsTheRightCredentials() throws Exception {
    String password = "pw-" + UUID.randomUUID();
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Files.writeString(
        dir.resolve("htpasswd"),
        "shiplock:" + OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 6) + "\n");
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.writeString(
        dir.resolve("registry.yml"),
        String.join(
            "\n",
            "version: 0.1",
            "log: {level: warn}",
            "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}}",
            "http: {addr: 127.0.0.1:" + port + "}",
            "auth: {htpasswd: {realm: test, path: " + dir.resolve("htpasswd") + "}}",
            ""));
    Process registry =
        new ProcessBuilder("docker-registry", "serve", dir.resolve("registry.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    try {
      String host = "localhost:" + port;
      int registryPort = port;
      Awaitility.await("the registry on " + host)
          .atMost(Duration.ofSeconds(10))
          .until(() -> listening(registryPort));
      Process login =
          new ProcessBuilder("/usr/bin/docker", "login", host, "-u", "shiplock", "--password-stdin")
              .redirectErrorStream(true)
              .start();
      login.getOutputStream().write(password.getBytes(StandardCharsets.UTF_8));
      login.getOutputStream().close();
      assertThat(login.waitFor())
          .as(new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isZero();
      for (String[] cmd :
          new String[][] {
            {"/usr/bin/docker", "tag", "shiplock/busybox:local", host + "/private/app:2.0"},
            {"/usr/bin/docker", "push", host + "/private/app:2.0"},
            {"/usr/bin/docker", "rmi", host + "/private/app:2.0"},
            {"/usr/bin/docker", "logout", host}
          }) {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
      }
      String config =
          """
          kind: Agent
          name: worker
          ---
          kind: Component
          name: Priv
          properties:
            regPassword: {secure: true, value: "%s"}
            wrongPassword: {secure: true, value: "not-it"}
          ---
          kind: Source
          name: good
          component: Priv
          registry: {url: "http://%s", repository: private/app, username: shiplock, passwordProperty: regPassword}
          ---
          kind: Source
          name: wrong
          component: Priv
          registry: {url: "http://%s", repository: private/app, username: shiplock, passwordProperty: wrongPassword}
          ---
          kind: Source
          name: anonymous
          component: Priv
          registry: {url: "http://%s", repository: private/app}
          """
              .formatted(password, host, host, host);
      try (InProcessPipeline p = new InProcessPipeline(dir.resolve("agent"), config, "worker")) {
        String result = p.post("/api/v1/components/Priv/import", "").json().toString();
        assertThat(result)
            .contains("\"source\":\"good\",\"created\":[\"2.0\"]")
            .contains("refused the credentials of shiplock")
            .contains("wants credentials to list private/app")
            .doesNotContain(password);
      }
    } finally {
      registry.destroyForcibly();
    }
  }

  // An IP literal: no name is looked up, so there is no address to choose.
  @SuppressWarnings("AddressSelection")
  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}

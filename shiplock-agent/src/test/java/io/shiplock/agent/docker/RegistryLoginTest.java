package io.shiplock.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import io.shiplock.agent.step.StepContext;
import io.shiplock.api.AgentStep;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker.login against a real registry that requires credentials (Debian's docker-registry with an
 * htpasswd file), the way the public registry of the example does.
 */
class RegistryLoginTest {
  private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
  private static final Map<String, AgentStep> STEPS = new HashMap<>();
  private static Process registry;
  private static String address;

  @TempDir static Path dir;

  @BeforeAll
  static void registryWithAuth() throws Exception {
    RealDocker.require();
    DockerSteps.all().forEach(s -> STEPS.put(s.declaration().name(), s));
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Files.writeString(
        dir.resolve("htpasswd"),
        "shiplock:" + OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, 6) + "\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    address = "localhost:" + port;
    Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "version: 0.1",
            "log: {level: warn}",
            "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}}",
            "http: {addr: 127.0.0.1:" + port + "}",
            "auth: {htpasswd: {realm: shiplock-test, path: " + dir.resolve("htpasswd") + "}}",
            ""));
    registry =
        new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    // The registry answers 401 (credentials wanted) once it is up.
    Awaitility.await("the registry on " + address)
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 401);
  }

  @AfterAll
  static void stop() {
    if (registry != null) registry.destroyForcibly();
  }

  private StepContext run(String type, int expectedExit, Map<String, Object> with)
      throws Exception {
    StepContext ctx = new StepContext(dir, with);
    assertThat(STEPS.get(type).run(ctx)).as(type + ": " + ctx.log()).isEqualTo(expectedExit);
    assertThat(ctx.log()).doesNotContain(PASSWORD);
    return ctx;
  }

  @Test
  void pushNeedsALoginWithTheRightCredentialsAndNoLogShowsThem() throws Exception {
    String image = address + "/shiplock-test/login:" + UUID.randomUUID().toString().substring(0, 8);
    var docker = DockerEngine.shared().client();
    ImageRef ref = ImageRef.parse(image);
    docker.tagImageCmd(RealDocker.BASE, ref.repository(), ref.tag()).exec();
    try {
      StepContext anonymous = run("docker.push", 1, Map.of("image", image));
      assertThat(anonymous.log()).contains("push of " + image).contains("failed");
      StepContext wrong =
          run(
              "docker.login",
              1,
              Map.of("registry", address, "username", "shiplock", "password", "not-" + PASSWORD));
      assertThat(wrong.log())
          .contains("registry " + address + " refused the credentials of shiplock");
      run(
          "docker.login",
          0,
          Map.of("registry", address, "username", "shiplock", "password", PASSWORD));
      StepContext pushed = run("docker.push", 0, Map.of("image", image));
      assertThat(pushed.outputs.get("digest")).startsWith("sha256:");
      run("docker.logout", 0, Map.of("registry", address));
      run("docker.push", 1, Map.of("image", image));
    } finally {
      try {
        docker.removeImageCmd(image).exec();
      } catch (NotFoundException ignored) {
        // already gone
      }
    }
    assertThat(Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8))
        .doesNotContain(PASSWORD);
  }
}

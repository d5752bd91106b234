package io.shiplock.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import io.shiplock.agent.step.StepContext;
import io.shiplock.api.AgentStep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker steps against a real Docker engine and a real registry. */
class DockerStepsTest {
  private static final Map<String, AgentStep> STEPS = new HashMap<>();

  @TempDir Path dir;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String image = "shiplock-test/hello-" + id;

  @BeforeAll
  static void docker() {
    RealDocker.require();
    DockerSteps.all().forEach(s -> STEPS.put(s.declaration().name(), s));
  }

  @BeforeEach
  void context() throws Exception {
    Path version = Files.createDirectories(dir.resolve("version/app"));
    Files.writeString(version.resolve("hello.txt"), "hello from " + id + "\n");
    Files.writeString(
        version.resolve("Dockerfile"),
        "FROM " + RealDocker.BASE + "\nCOPY hello.txt /hello.txt\nCMD [\"cat\", \"/hello.txt\"]\n");
  }

  @AfterEach
  void clean() {
    var docker = DockerEngine.shared().client();
    for (var c : docker.listContainersCmd().withShowAll(true).exec()) {
      if (c.getNames() != null && List.of(c.getNames()).toString().contains(id))
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
    for (String ref : List.of(image + ":1", RealDocker.REGISTRY + "/" + image + ":latest")) {
      try {
        docker.removeImageCmd(ref).withForce(true).exec();
      } catch (NotFoundException ignored) {
        // not every test makes every image
      }
    }
  }

  private StepContext run(String type, int expectedExit, Map<String, Object> with)
      throws Exception {
    StepContext ctx = new StepContext(dir, with);
    int exit = STEPS.get(type).run(ctx);
    assertThat(exit).as("%s exit code; log:%n%s", type, ctx.log()).isEqualTo(expectedExit);
    return ctx;
  }

  private StepContext build() throws Exception {
    return run("docker.build", 0, Map.of("context", "app", "tags", List.of(image + ":1")));
  }

  @Test
  void buildsFromTheVersionFilesAndReportsTheImageId() throws Exception {
    StepContext ctx = build();
    assertThat(ctx.outputs.get("imageId")).startsWith("sha256:").hasSize(71);
    assertThat(ctx.log()).contains("COPY hello.txt", "built " + ctx.outputs.get("imageId"));
    assertThat(DockerEngine.shared().client().inspectImageCmd(image + ":1").exec().getId())
        .isEqualTo(ctx.outputs.get("imageId"));
  }

  @Test
  void aFailingBuildSaysWhy() throws Exception {
    Files.writeString(
        dir.resolve("version/app/Dockerfile"), "FROM " + RealDocker.BASE + "\nRUN exit 7\n");
    StepContext ctx = run("docker.build", 1, Map.of("context", "app"));
    assertThat(ctx.log()).contains("the build failed").contains("7");
    StepContext missing = run("docker.build", 1, Map.of("context", "nowhere"));
    assertThat(missing.log()).contains("build context").contains("does not exist");
    StepContext escape = run("docker.build", 1, Map.of("context", "../.."));
    assertThat(escape.log()).contains("leaves the version's files");
  }

  @Test
  void runWaitsStreamsOutputAndReturnsTheContainersExitCode() throws Exception {
    build();
    StepContext ctx =
        run(
            "docker.run",
            0,
            Map.of("image", image + ":1", "name", "c-" + id, "detach", false, "remove", true));
    assertThat(ctx.lines).contains("hello from " + id);
    assertThat(ctx.outputs.get("containerId")).hasSize(64);
    assertThat(DockerEngine.shared().client().listContainersCmd().withShowAll(true).exec())
        .noneMatch(c -> c.getId().equals(ctx.outputs.get("containerId")));
    StepContext failing =
        run(
            "docker.run",
            3,
            Map.of(
                "image",
                image + ":1",
                "command",
                List.of("sh", "-c", "echo \"$GREETING\"; exit 3"),
                "env",
                Map.of("GREETING", "bye; $(rm -rf /)"),
                "detach",
                false,
                "remove",
                true));
    // The value reaches the container as data: no shell ever saw it on the way.
    assertThat(failing.lines).contains("bye; $(rm -rf /)");
  }

  @Test
  void aPortCanBeBoundToOneHostAddress() throws Exception {
    build();
    int port = unlikelyTakenPort();
    String name = "local-only-" + id;
    run(
        "docker.run",
        0,
        Map.of(
            "image",
            image + ":1",
            "name",
            name,
            "command",
            List.of("sleep", "60"),
            "ports",
            List.of("127.0.0.1:" + port + ":8080")));
    try {
      var bindings =
          DockerEngine.shared()
              .client()
              .inspectContainerCmd(name)
              .exec()
              .getHostConfig()
              .getPortBindings()
              .getBindings();
      assertThat(bindings.values())
          .singleElement()
          .satisfies(
              b -> {
                assertThat(b[0].getHostIp()).isEqualTo("127.0.0.1");
                assertThat(b[0].getHostPortSpec()).isEqualTo(String.valueOf(port));
              });
    } finally {
      run("docker.rm", 0, Map.of("container", name, "force", true));
    }
  }

  @Test
  void aTakenPortFailsTheRunAndLeavesNoContainer() throws Exception {
    build();
    int port = unlikelyTakenPort();
    var with =
        new HashMap<String, Object>(
            Map.of(
                "image",
                image + ":1",
                "command",
                List.of("sleep", "60"),
                "ports",
                List.of(port + ":8080")));
    with.put("name", "first-" + id);
    run("docker.run", 0, with);
    with.put("name", "second-" + id);
    StepContext ctx = run("docker.run", 1, with);
    assertThat(ctx.log()).contains("could not start").contains("allocated");
    assertThat(DockerEngine.shared().client().listContainersCmd().withShowAll(true).exec())
        .noneMatch(c -> List.of(c.getNames()).contains("/second-" + id));
    run("docker.rm", 0, Map.of("container", "first-" + id, "force", true));
    run("docker.rm", 0, Map.of("container", "first-" + id, "force", true));
    assertThat(run("docker.rm", 1, Map.of("container", "first-" + id)).log())
        .contains("no container first-" + id);
  }

  @Test
  void aMissingImageOrEngineIsNamed() throws Exception {
    assertThat(run("docker.run", 1, Map.of("image", "shiplock-test/absent-" + id + ":1")).log())
        .contains("image shiplock-test/absent-" + id + ":1 is not on this Docker host");
    StepContext ctx = new StepContext(dir, Map.of("image", "x:1"));
    int exit =
        ((DockerStep) STEPS.get("docker.pull")).run(ctx, DockerEngine.at("tcp://127.0.0.1:1"));
    assertThat(exit).isEqualTo(1);
    assertThat(ctx.log()).contains("cannot reach the Docker engine at tcp://127.0.0.1:1");
  }

  /**
   * An engine that is gone (no socket) or dead (its socket file left behind, nobody listening):
   * every step says so in one line naming the address and what to do, never a stack trace, in the
   * step log or the agent's.
   */
  @Test
  void anEngineThatIsGoneOrDeadIsOneLineForEveryStep() throws Exception {
    Path dead = dir.resolve("dead.sock");
    try (var engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      engine.bind(UnixDomainSocketAddress.of(dead));
    } // closed: the socket file stays, as a killed dockerd leaves it
    {
      for (String address : List.of("unix://" + dir.resolve("gone.sock"), "unix://" + dead)) {
        for (String type : List.of("docker.build", "docker.run", "docker.push", "docker.tag")) {
          Map<String, Object> with =
              Map.of(
                  "context",
                  "app",
                  "tags",
                  List.of("x:1"),
                  "image",
                  "x:1",
                  "source",
                  "x:1",
                  "target",
                  "y:1");
          StepContext ctx = new StepContext(dir, with);
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          PrintStream before = System.err;
          System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
          int exit;
          try {
            exit = ((DockerStep) STEPS.get(type)).run(ctx, DockerEngine.at(address));
          } finally {
            System.setErr(before);
          }
          assertThat(exit).isEqualTo(1);
          assertThat(ctx.log().strip().lines())
              .as("%s at %s: %s", type, address, ctx.log())
              .hasSize(1)
              .allMatch(l -> l.contains(address) && l.contains("DOCKER_HOST"));
        }
      }
    }
  }

  @Test
  void tagPushAndPullThroughARealRegistry() throws Exception {
    StepContext built = build();
    String remote = RealDocker.REGISTRY + "/" + image + ":latest";
    run("docker.tag", 0, Map.of("source", image + ":1", "target", remote));
    StepContext pushed = run("docker.push", 0, Map.of("image", remote));
    assertThat(pushed.outputs.get("digest")).startsWith("sha256:");
    DockerEngine.shared().client().removeImageCmd(remote).exec();
    StepContext pulled = run("docker.pull", 0, Map.of("image", remote));
    assertThat(pulled.outputs.get("imageId")).isEqualTo(built.outputs.get("imageId"));
    StepContext down = run("docker.push", 1, Map.of("image", image + ":1", "registry", "nowhere"));
    assertThat(down.log()).contains("push of", "failed");
  }

  @Test
  void promoteCopiesAnImageFromOneRegistryToAnotherUnderANewTag() throws Exception {
    StepContext built = build();
    String privateRef = RealDocker.REGISTRY + "/" + image + ":latest";
    String publicRef = RealDocker.PUBLIC + "/" + image + ":1.0";
    run("docker.tag", 0, Map.of("source", image + ":1", "target", privateRef));
    run("docker.push", 0, Map.of("image", privateRef));
    DockerEngine.shared().client().removeImageCmd(privateRef).exec();
    StepContext promoted =
        run("docker.promote", 0, Map.of("source", privateRef, "target", publicRef));
    assertThat(promoted.outputs.get("digest")).startsWith("sha256:");
    assertThat(promoted.outputs.get("imageId")).isEqualTo(built.outputs.get("imageId"));
    DockerEngine.shared().client().removeImageCmd(publicRef).exec();
    StepContext pulled = run("docker.pull", 0, Map.of("image", publicRef));
    assertThat(pulled.outputs.get("imageId")).isEqualTo(built.outputs.get("imageId"));
    DockerEngine.shared().client().removeImageCmd(publicRef).exec();
  }

  @Test
  void aContainerThatNeverExitsIsKilledWhenTheStepIsCanceled() throws Exception {
    build();
    StepContext ctx =
        new StepContext(
            dir,
            Map.of(
                "image",
                image + ":1",
                "name",
                "forever-" + id,
                "command",
                List.of("sleep", "600"),
                "detach",
                false));
    CompletableFuture<Integer> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return STEPS.get("docker.run").run(ctx);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ctx.outputs.get("containerId") != null && !ctx.lines.isEmpty());
    ctx.cancel();
    assertThat(running.get(30, TimeUnit.SECONDS)).isNotZero();
    assertThat(DockerEngine.shared().client().listContainersCmd().withShowAll(true).exec())
        .noneMatch(c -> c.getId().equals(ctx.outputs.get("containerId")));
  }

  /**
   * A port for Docker to bind on the host: below Linux's ephemeral range (32768 and up), where the
   * other tests' servers and every outgoing connection take theirs, so it is unlikely in use.
   */
  private static int unlikelyTakenPort() {
    return 20_000 + (int) (Math.random() * 6_000); // the end-to-end tests take 26000-32000
  }
}

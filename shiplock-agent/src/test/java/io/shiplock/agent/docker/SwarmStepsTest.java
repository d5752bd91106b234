package io.shiplock.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.TaskState;
import io.shiplock.agent.step.StepContext;
import io.shiplock.api.AgentStep;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm.service.* steps against the real Docker engine in swarm mode (the single-node swarm
 * that scripts/docker.sh makes) and the real registry: images are pushed, so services run pinned to
 * their registry digest.
 */
class SwarmStepsTest {
  private static final Map<String, AgentStep> STEPS = new HashMap<>();

  @TempDir static Path dir;
  private static final String ID = UUID.randomUUID().toString().substring(0, 8);
  private static final String REPO = RealDocker.REGISTRY + "/shiplock-test/swarm-" + ID;
  private final String service = "swarm-test-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void swarm() throws Exception {
    RealDocker.requireSwarm();
    removeLeftServices();
    DockerSteps.all().forEach(s -> STEPS.put(s.declaration().name(), s));
    // Versions 1 and 2 are healthy; "bad" lacks the file its health check looks for.
    image("1", true);
    image("2", true);
    image("bad", false);
  }

  /**
   * A run killed mid-test never reaches {@link #clean}, and its service would keep running under
   * every later test and benchmark on this engine (one did, for a day): remove them first.
   */
  private static void removeLeftServices() {
    var docker = DockerEngine.shared().client();
    for (var left : docker.listServicesCmd().exec()) {
      String name = left.getSpec() == null ? null : left.getSpec().getName();
      if (name != null && name.startsWith("swarm-test-"))
        docker.removeServiceCmd(left.getId()).exec();
    }
  }

  @AfterEach
  void clean() {
    try {
      DockerEngine.shared().client().removeServiceCmd(service).exec();
    } catch (NotFoundException ignored) {
      // the test removed it
    }
  }

  @AfterAll
  static void images() {
    var docker = DockerEngine.shared().client();
    for (String tag : List.of("1", "2", "bad")) {
      try {
        docker.removeImageCmd(REPO + ":" + tag).withForce(true).exec();
      } catch (RuntimeException ignored) {
        // a running task may still hold it; the next run's names differ
      }
    }
  }

  private static void image(String tag, boolean healthy) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("version/image-" + tag));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + RealDocker.BASE
            + "\nRUN echo "
            + tag
            + " > /www/index.html"
            + (healthy ? " && touch /www/ok" : "")
            + "\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
    run("docker.build", 0, Map.of("context", "image-" + tag, "tags", List.of(REPO + ":" + tag)));
    run("docker.push", 0, Map.of("image", REPO + ":" + tag));
  }

  private static StepContext run(String type, int expectedExit, Map<String, Object> with)
      throws Exception {
    StepContext ctx = new StepContext(dir, with);
    int exit = STEPS.get(type).run(ctx);
    assertThat(exit).as("%s exit code; log:%n%s", type, ctx.log()).isEqualTo(expectedExit);
    return ctx;
  }

  private Map<String, Object> deploy(String tag, int replicas) {
    Map<String, Object> with = new HashMap<>();
    with.put("service", service);
    with.put("image", REPO + ":" + tag);
    with.put("replicas", replicas);
    with.put("env", Map.of("GREETING", "hello; $(rm -rf /)"));
    with.put("healthCmd", List.of("test", "-f", "/www/ok"));
    with.put("healthInterval", "1s");
    with.put("healthRetries", 1);
    with.put("monitor", "2s");
    // busybox httpd as PID 1 ignores SIGTERM: without this each replaced task holds 10 s.
    with.put("stopGracePeriod", "1s");
    with.put("timeout", "90s");
    return with;
  }

  /** The images the service's running tasks run. */
  private List<String> runningImages() {
    return DockerEngine.shared().client().listTasksCmd().withServiceFilter(service).exec().stream()
        .filter(t -> t.getDesiredState() == TaskState.RUNNING)
        .filter(t -> t.getStatus().getState() == TaskState.RUNNING)
        .map(t -> t.getSpec().getContainerSpec().getImage())
        .toList();
  }

  @Test
  void deploysThenRollsOutANewVersionPinnedToItsDigest() throws Exception {
    StepContext first = run("swarm.service.deploy", 0, deploy("1", 2));
    String digest1 = first.outputs.get("digest");
    assertThat(digest1).startsWith("sha256:");
    assertThat(first.outputs)
        .containsEntry("service", service)
        .containsEntry("image", REPO + ":1@" + digest1);
    assertThat(first.log()).contains("created service " + service, "on 2 of 2 replica(s)");
    assertThat(runningImages()).containsExactly(REPO + ":1@" + digest1, REPO + ":1@" + digest1);
    // The value reached the service as data, in its spec, as given; so did the grace period.
    var container =
        DockerEngine.shared()
            .client()
            .inspectServiceCmd(service)
            .exec()
            .getSpec()
            .getTaskTemplate()
            .getContainerSpec();
    assertThat(container.getEnv()).containsExactly("GREETING=hello; $(rm -rf /)");
    assertThat(container.getStopGracePeriod()).isEqualTo(Duration.ofSeconds(1).toNanos());

    StepContext second = run("swarm.service.deploy", 0, deploy("2", 2));
    String digest2 = second.outputs.get("digest");
    assertThat(digest2).startsWith("sha256:").isNotEqualTo(digest1);
    assertThat(second.log())
        .contains("updating service " + service, "service " + service + ": completed");
    assertThat(runningImages()).containsOnly(REPO + ":2@" + digest2).hasSize(2);

    // Deploying what already runs sends nothing: a later rollback still goes back to version 1.
    StepContext again = run("swarm.service.deploy", 0, deploy("2", 2));
    assertThat(again.outputs).containsEntry("digest", digest2);
    assertThat(again.log()).contains("already has this spec: nothing to update");
    run("swarm.service.rollback", 0, Map.of("service", service, "timeout", "90s"));
    assertThat(runningImages()).containsOnly(REPO + ":1@" + digest1).hasSize(2);
  }

  @Test
  void anUnhealthyVersionIsRolledBackBySwarmAndTheStepFailsWithTheReason() throws Exception {
    StepContext good = run("swarm.service.deploy", 0, deploy("1", 1));
    StepContext bad = run("swarm.service.deploy", 1, deploy("bad", 1));
    // The step's last line is its verdict: what Swarm did, why, and the replica's own error.
    assertThat(bad.lines.get(bad.lines.size() - 1))
        .as(bad.log())
        .contains("the update failed and Swarm rolled it back")
        .contains("last task error: ")
        .containsIgnoringCase("unhealthy");
    assertThat(bad.outputs).doesNotContainKey("digest");
    // The service is back on the healthy version, and stays there.
    assertThat(runningImages()).containsExactly(good.outputs.get("image"));
  }

  @Test
  void aChangeOfSettingsAloneIsRolledOutAndWatchedLikeANewImage() throws Exception {
    StepContext good = run("swarm.service.deploy", 0, deploy("1", 1));
    // The same image, with a health check that can never pass: Swarm must replace the task, and
    // the step must not call the still-running old task a success.
    Map<String, Object> sick = deploy("1", 1);
    sick.put("env", Map.of("GREETING", "changed"));
    sick.put("healthCmd", List.of("test", "-f", "/www/missing"));
    StepContext bad = run("swarm.service.deploy", 1, sick);
    assertThat(bad.log()).contains("the update failed and Swarm rolled it back");
    assertThat(runningImages()).containsExactly(good.outputs.get("image"));
  }

  @Test
  void aCreateThatNeverBecomesHealthyFailsWithoutWaitingForItsTimeout() throws Exception {
    Map<String, Object> with = deploy("bad", 1);
    with.put("timeout", "5m");
    long start = System.nanoTime();
    StepContext bad = run("swarm.service.deploy", 1, with);
    assertThat(bad.lines.get(bad.lines.size() - 1))
        .as(bad.log())
        .contains("task(s) of " + REPO + ":bad@sha256:")
        .contains("failed and Swarm keeps restarting them")
        .containsIgnoringCase("unhealthy");
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofMinutes(2).toNanos());
  }

  @Test
  void aCancelEndsTheWaitAtOnce() throws Exception {
    Map<String, Object> with = deploy("bad", 1);
    with.put("timeout", "5m");
    StepContext ctx = new StepContext(dir, with);
    var running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return STEPS.get("swarm.service.deploy").run(ctx);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ctx.log().contains("created service " + service));
    ctx.cancel();
    assertThat(running.get(20, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(ctx.log()).contains("canceled while waiting for service " + service);
  }

  @Test
  void rollbackScaleAndRemove() throws Exception {
    StepContext v1 = run("swarm.service.deploy", 0, deploy("1", 1));
    run("swarm.service.deploy", 0, deploy("2", 1));
    StepContext back =
        run("swarm.service.rollback", 0, Map.of("service", service, "timeout", "90s"));
    assertThat(back.outputs).containsEntry("image", v1.outputs.get("image"));
    assertThat(back.log()).contains("rollback completed");
    assertThat(runningImages()).containsExactly(v1.outputs.get("image"));

    StepContext scaled =
        run("swarm.service.scale", 0, Map.of("service", service, "replicas", 3, "timeout", "90s"));
    assertThat(scaled.log()).contains("on 3 of 3 replica(s)");
    assertThat(runningImages()).hasSize(3);

    String id = scaled.outputs.get("serviceId");
    run("swarm.service.remove", 0, Map.of("service", service));
    assertThat(SwarmSteps.find(DockerEngine.shared(), service)).isNull();
    // The step waited for every task to go: nothing of the service is left to hold its port.
    assertThat(DockerEngine.shared().client().listTasksCmd().exec())
        .noneMatch(t -> id.equals(t.getServiceId()));
    assertThat(run("swarm.service.remove", 0, Map.of("service", service)).log())
        .contains("no service " + service + " to remove");
    assertThat(run("swarm.service.scale", 1, Map.of("service", service, "replicas", 1)).log())
        .contains("no service " + service + " on this swarm");
  }

  @Test
  void badInputIsNamedBeforeSwarmIsAsked() throws Exception {
    Map<String, Object> port = deploy("1", 1);
    port.put("ports", List.of("8080"));
    assertThat(run("swarm.service.deploy", 1, port).log())
        .contains("port '8080' is not published:target");
    Map<String, Object> action = deploy("1", 1);
    action.put("failureAction", "explode");
    assertThat(run("swarm.service.deploy", 1, action).log())
        .contains("failureAction must be rollback, pause or continue");
    Map<String, Object> missing = deploy("1", 1);
    missing.put("image", REPO + ":absent");
    assertThat(run("swarm.service.deploy", 1, missing).log())
        .contains("is not on this Docker host");
    assertThat(SwarmSteps.find(DockerEngine.shared(), service)).isNull();
    assertThat(run("swarm.service.rollback", 1, Map.of("service", service)).log())
        .contains("no service " + service);
  }
}

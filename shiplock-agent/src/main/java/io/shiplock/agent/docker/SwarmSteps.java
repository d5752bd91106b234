package io.shiplock.agent.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.AgentStep.Context;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Docker Swarm services: deploy (create or rolling update), rollback, scale and remove, through the
 * Engine API of a swarm manager. Each step ends when Swarm has converged, so its outcome is the
 * service's: a rolling update that Swarm rolled back fails the step with Swarm's reason.
 */
final class SwarmSteps {
  private SwarmSteps() {}

  static final Duration TIMEOUT = Duration.ofMinutes(5);

  static List<AgentStep> all() {
    return List.of(
        new DockerStep(AgentStepTypes.SWARM_SERVICE_DEPLOY, SwarmSteps::deploy),
        new DockerStep(AgentStepTypes.SWARM_SERVICE_ROLLBACK, SwarmSteps::rollback),
        new DockerStep(AgentStepTypes.SWARM_SERVICE_SCALE, SwarmSteps::scale),
        new DockerStep(AgentStepTypes.SWARM_SERVICE_REMOVE, SwarmSteps::remove));
  }

  static int deploy(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String name = p.text("service");
    Duration timeout = p.duration("timeout", TIMEOUT);
    String image = pinned(ctx, docker, p.text("image"));
    ServiceSpec spec = spec(p, name, image);
    Service current = find(docker, name);
    if (current == null) {
      String id = docker.client().createServiceCmd(spec).exec().getId();
      ctx.println("created service " + name + " (" + ServiceWatch.shortId(id) + ") with " + image);
    } else {
      docker
          .client()
          .updateServiceCmd(current.getId(), spec)
          .withVersion(current.getVersion().getIndex())
          .exec();
      ctx.println("updating service " + name + " to " + image);
    }
    return converged(ctx, docker, name, timeout, false);
  }

  static int rollback(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String name = p.text("service");
    Duration timeout = p.duration("timeout", TIMEOUT);
    Service current = find(docker, name);
    if (current == null) throw new StepFailure("no service " + name + " on this swarm");
    docker.rollbackService(current.getId());
    ctx.println("rolling service " + name + " back to its previous spec");
    return converged(ctx, docker, name, timeout, true);
  }

  static int scale(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String name = p.text("service");
    int replicas = p.number("replicas", 1, 0, 10_000);
    Duration timeout = p.duration("timeout", TIMEOUT);
    Service current = find(docker, name);
    if (current == null) throw new StepFailure("no service " + name + " on this swarm");
    ServiceSpec spec = current.getSpec();
    if (spec.getMode() == null || spec.getMode().getReplicated() == null)
      throw new StepFailure("service " + name + " is global: it runs one task per node");
    spec.withMode(replicated(replicas));
    docker
        .client()
        .updateServiceCmd(current.getId(), spec)
        .withVersion(current.getVersion().getIndex())
        .exec();
    ctx.println("scaling service " + name + " to " + replicas);
    return converged(ctx, docker, name, timeout, false);
  }

  static int remove(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String name = p.text("service");
    Duration timeout = p.duration("timeout", TIMEOUT);
    Service current = find(docker, name);
    if (current == null) {
      ctx.println("no service " + name + " to remove");
      return 0;
    }
    docker.client().removeServiceCmd(current.getId()).exec();
    ctx.println("removed service " + name + "; waiting for its tasks to stop");
    // Removal is asynchronous: a following deploy that publishes the same port needs them gone.
    new ServiceWatch(ctx, docker, name, current.getId()).awaitGone(timeout);
    ctx.println("service " + name + " is gone");
    return 0;
  }

  private static int converged(
      Context ctx, DockerEngine docker, String name, Duration timeout, boolean rollback)
      throws IOException, InterruptedException {
    Service s = find(docker, name);
    if (s == null) throw new StepFailure("service " + name + " disappeared");
    ServiceWatch watch = new ServiceWatch(ctx, docker, name, s.getId());
    ServiceWatch.Outcome end = watch.await(timeout, rollback);
    if (!end.ok()) throw new StepFailure(end.message());
    String running = end.image();
    ctx.output("service", name);
    ctx.output("serviceId", s.getId());
    ctx.output("image", running);
    int at = running.indexOf('@');
    if (at >= 0) ctx.output("digest", running.substring(at + 1));
    ctx.println(end.message());
    return 0;
  }

  /** The service by name, or null. */
  static Service find(DockerEngine docker, String name) {
    try {
      return docker.client().inspectServiceCmd(name).exec();
    } catch (NotFoundException e) {
      return null;
    }
  }

  /**
   * The image pinned to the digest this host knows for it, as {@code docker service create} pins
   * it: every replica, and a later restart, runs the same bytes even if the tag moves. An image
   * that was never pushed or pulled has no registry digest; it runs by its tag and the step says
   * so.
   */
  static String pinned(Context ctx, DockerEngine docker, String image) throws IOException {
    if (image.contains("@sha256:")) return image;
    ImageRef ref = ImageRef.parse(image);
    List<String> digests;
    try {
      digests = docker.client().inspectImageCmd(image).exec().getRepoDigests();
    } catch (NotFoundException e) {
      throw new StepFailure(
          "image " + image + " is not on this Docker host: pull it first (docker.pull)");
    }
    if (digests != null)
      for (String d : digests) {
        int at = d.indexOf('@');
        if (at > 0 && d.substring(0, at).equals(ref.repository()))
          return ref.repository() + ":" + ref.tag() + d.substring(at);
      }
    ctx.println(
        "image "
            + image
            + " has no registry digest on this host (never pushed or pulled): it runs by tag");
    return image;
  }

  private static ServiceSpec spec(Params p, String name, String image) {
    ContainerSpec container = new ContainerSpec().withImage(image);
    List<String> env = new ArrayList<>();
    p.map("env").forEach((k, v) -> env.add(k + "=" + v));
    if (!env.isEmpty()) container.withEnv(env);
    List<String> command = p.list("command");
    if (!command.isEmpty()) container.withArgs(command);
    List<String> health = p.list("healthCmd");
    if (!health.isEmpty()) {
      List<String> test = new ArrayList<>(List.of("CMD"));
      test.addAll(health);
      container.withHealthCheck(
          new HealthCheck()
              .withTest(test)
              .withInterval(p.duration("healthInterval", Duration.ofSeconds(5)).toNanos())
              .withTimeout(p.duration("healthTimeout", Duration.ofSeconds(5)).toNanos())
              .withRetries(p.number("healthRetries", 3, 1, 100)));
    }
    UpdateConfig update =
        new UpdateConfig()
            .withParallelism((long) p.number("parallelism", 1, 0, 10_000))
            .withDelay(p.text("delay", null) == null ? 0L : p.duration("delay", null).toNanos())
            .withFailureAction(failureAction(p.text("failureAction", "rollback")))
            .withMonitor(p.duration("monitor", Duration.ofSeconds(5)).toNanos())
            .withMaxFailureRatio(0f);
    ServiceSpec spec =
        new ServiceSpec()
            .withName(name)
            .withTaskTemplate(new TaskSpec().withContainerSpec(container))
            .withMode(replicated(p.number("replicas", 1, 0, 10_000)))
            .withUpdateConfig(update)
            .withRollbackConfig(
                new UpdateConfig()
                    .withParallelism(update.getParallelism())
                    .withFailureAction(UpdateFailureAction.PAUSE)
                    .withMonitor(update.getMonitor())
                    .withMaxFailureRatio(0f))
            .withLabels(Map.of("io.shiplock.managed", "true"));
    List<PortConfig> ports = ports(p);
    if (!ports.isEmpty()) spec.withEndpointSpec(new EndpointSpec().withPorts(ports));
    return spec;
  }

  private static List<PortConfig> ports(Params p) {
    String mode = p.text("publishMode", "ingress").toLowerCase(Locale.ROOT);
    PortConfig.PublishMode publish =
        switch (mode) {
          case "ingress" -> PortConfig.PublishMode.ingress;
          case "host" -> PortConfig.PublishMode.host;
          default ->
              throw new StepFailure("publishMode must be ingress or host, not '" + mode + "'");
        };
    List<PortConfig> out = new ArrayList<>();
    for (String spec : p.list("ports")) {
      String[] parts = spec.split(":", -1);
      try {
        if (parts.length != 2) throw new NumberFormatException();
        out.add(
            new PortConfig()
                .withPublishedPort(Integer.parseInt(parts[0].strip()))
                .withTargetPort(Integer.parseInt(parts[1].strip()))
                .withProtocol(PortConfigProtocol.TCP)
                .withPublishMode(publish));
      } catch (NumberFormatException e) {
        throw new StepFailure("port '" + spec + "' is not published:target");
      }
    }
    return out;
  }

  private static UpdateFailureAction failureAction(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "rollback" -> UpdateFailureAction.ROLLBACK;
      case "pause" -> UpdateFailureAction.PAUSE;
      case "continue" -> UpdateFailureAction.CONTINUE;
      default ->
          throw new StepFailure(
              "failureAction must be rollback, pause or continue, not '" + text + "'");
    };
  }

  private static ServiceModeConfig replicated(int replicas) {
    return new ServiceModeConfig()
        .withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas));
  }
}

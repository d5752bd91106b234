package io.shiplock.agent.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Objects;
import java.util.Set;

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

  /**
   * The label that holds a digest of the spec a deploy asked for: the same spec again is a no-op.
   */
  static final String SPEC_LABEL = "io.shiplock.spec";

  static int deploy(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String name = p.text("service");
    Duration timeout = p.duration("timeout", TIMEOUT);
    String image = pinned(ctx, docker, p.text("image"));
    ServiceSpec spec = spec(p, name, image);
    String fingerprint = docker.fingerprint(spec);
    spec.withLabels(Map.of("io.shiplock.managed", "true", SPEC_LABEL, fingerprint));
    Service current = find(docker, name);
    ServiceWatch.Expect expect = ServiceWatch.Expect.TASKS;
    Set<String> before = current == null ? Set.of() : ServiceWatch.taskIds(docker, current.getId());
    if (current == null) {
      String id = docker.client().createServiceCmd(spec).exec().getId();
      ctx.println("created service " + name + " (" + ServiceWatch.shortId(id) + ") with " + image);
    } else if (fingerprint.equals(labels(current).get(SPEC_LABEL))) {
      // Sent again, the same spec would still become the service's previous spec, and a later
      // swarm.service.rollback would then "roll back" to what runs.
      ctx.println("service " + name + " already has this spec: nothing to update");
    } else {
      docker
          .client()
          .updateServiceCmd(current.getId(), spec)
          .withVersion(current.getVersion().getIndex())
          .exec();
      ctx.println("updating service " + name + " to " + image);
      Service after = find(docker, name);
      // Tasks are replaced (and Swarm reports an update) only when what they run changed: their
      // template or the published ports. A change of replicas or labels alone replaces nothing.
      if (after != null
          && (!Objects.equals(
                  current.getSpec().getTaskTemplate(), after.getSpec().getTaskTemplate())
              || !Objects.equals(
                  current.getSpec().getEndpointSpec(), after.getSpec().getEndpointSpec())))
        expect = ServiceWatch.Expect.UPDATE;
    }
    return converged(ctx, docker, name, timeout, expect, before);
  }

  static int rollback(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String name = p.text("service");
    Duration timeout = p.duration("timeout", TIMEOUT);
    Service current = find(docker, name);
    if (current == null) throw new StepFailure("no service " + name + " on this swarm");
    Set<String> before = ServiceWatch.taskIds(docker, current.getId());
    docker.updateService(name, current.getId(), "rollback=previous", spec -> {});
    ctx.println("rolling service " + name + " back to its previous spec");
    return converged(ctx, docker, name, timeout, ServiceWatch.Expect.ROLLBACK, before);
  }

  static int scale(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String name = p.text("service");
    int replicas = p.number("replicas", 1, 0, 10_000);
    Duration timeout = p.duration("timeout", TIMEOUT);
    Service current = find(docker, name);
    if (current == null) throw new StepFailure("no service " + name + " on this swarm");
    Set<String> before = ServiceWatch.taskIds(docker, current.getId());
    // The engine's own JSON, changed in one field, as docker service scale does: a round trip
    // through the client's model would drop the fields it does not know.
    docker.updateService(
        name,
        current.getId(),
        "",
        spec -> {
          var mode = spec.path("Mode");
          if (!mode.has("Replicated"))
            throw new StepFailure(
                "service " + name + " is not replicated (global or a job): it cannot be scaled");
          ((ObjectNode) mode.get("Replicated")).put("Replicas", replicas);
        });
    ctx.println("scaling service " + name + " to " + replicas);
    return converged(ctx, docker, name, timeout, ServiceWatch.Expect.TASKS, before);
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
    cancelable(ctx);
    try {
      new ServiceWatch(ctx, docker, name, current.getId(), Set.of()).awaitGone(timeout);
    } catch (InterruptedException e) {
      ctx.println("canceled while service " + name + "'s tasks stop; Swarm goes on removing them");
      return 1;
    }
    ctx.println("service " + name + " is gone");
    return 0;
  }

  /** A cancel interrupts the wait: a step must not outlive its request by its timeout. */
  private static void cancelable(Context ctx) {
    Thread self = Thread.currentThread();
    ctx.onCancel(self::interrupt);
  }

  private static Map<String, String> labels(Service s) {
    Map<String, String> l = s.getSpec() == null ? null : s.getSpec().getLabels();
    return l == null ? Map.of() : l;
  }

  private static int converged(
      Context ctx,
      DockerEngine docker,
      String name,
      Duration timeout,
      ServiceWatch.Expect expect,
      Set<String> before)
      throws IOException {
    Service s = find(docker, name);
    if (s == null) throw new StepFailure("service " + name + " disappeared");
    ServiceWatch watch = new ServiceWatch(ctx, docker, name, s.getId(), before);
    cancelable(ctx);
    ServiceWatch.Outcome end;
    try {
      end = watch.await(timeout, expect);
    } catch (InterruptedException e) {
      // Swarm is not told to stop: an update it began goes on (or rolls back) on its own.
      ctx.println("canceled while waiting for service " + name + "; Swarm goes on with it");
      return 1;
    }
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
        if (at > 0 && repository(d.substring(0, at)).equals(repository(ref.repository())))
          return ref.repository() + ":" + ref.tag() + d.substring(at);
      }
    ctx.println(
        "image "
            + image
            + " has no registry digest on this host (never pushed or pulled): it runs by tag");
    return image;
  }

  /**
   * A repository as the engine records it in RepoDigests: Docker Hub's short form ({@code nginx},
   * {@code user/app}) for {@code docker.io/library/nginx} and the like.
   */
  static String repository(String repo) {
    String r = repo;
    for (String hub : List.of("docker.io/", "index.docker.io/", "registry-1.docker.io/"))
      if (r.startsWith(hub)) r = r.substring(hub.length());
    return r.startsWith("library/") ? r.substring("library/".length()) : r;
  }

  private static ServiceSpec spec(Params p, String name, String image) {
    ContainerSpec container = new ContainerSpec().withImage(image);
    List<String> env = new ArrayList<>();
    p.map("env").forEach((k, v) -> env.add(k + "=" + v));
    if (!env.isEmpty()) container.withEnv(env);
    List<String> command = p.list("command");
    if (!command.isEmpty()) container.withArgs(command);
    // A process that ignores SIGTERM (a server run as PID 1 without an init) holds every task it
    // replaces for the whole period: updates and rollbacks wait on it, one batch at a time.
    if (p.text("stopGracePeriod", null) != null)
      container.withStopGracePeriod(p.duration("stopGracePeriod", null).toNanos());
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
                    .withMaxFailureRatio(0f));
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

package io.shiplock.agent.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.AgentStep.Context;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Container steps: run, start, stop, rm and inspect. */
final class ContainerSteps {
  private ContainerSteps() {}

  static List<AgentStep> all() {
    return List.of(
        new DockerStep(AgentStepTypes.DOCKER_RUN, ContainerSteps::run),
        new DockerStep(AgentStepTypes.DOCKER_START, ContainerSteps::start),
        new DockerStep(AgentStepTypes.DOCKER_STOP, ContainerSteps::stop),
        new DockerStep(AgentStepTypes.DOCKER_RM, ContainerSteps::rm),
        new DockerStep(AgentStepTypes.DOCKER_INSPECT, ContainerSteps::inspect));
  }

  /**
   * Creates and starts a container. Detached, the step ends once it runs; otherwise its output
   * streams into the step log and its exit code is the step's. A container that cannot start (port
   * taken, network missing) is removed again, so a failed step leaves nothing behind.
   */
  static int run(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    String image = p.text("image");
    ImageSteps.imageId(docker, image);
    HostConfig host = HostConfig.newHostConfig();
    List<ExposedPort> exposed = new ArrayList<>();
    List<PortBinding> bindings = new ArrayList<>();
    for (String spec : p.list("ports")) {
      PortBinding b;
      try {
        b = PortBinding.parse(spec);
      } catch (IllegalArgumentException e) {
        throw new StepFailure("port '" + spec + "' is not host:container");
      }
      bindings.add(b);
      exposed.add(b.getExposedPort());
    }
    host.withPortBindings(bindings);
    String attachTo = p.text("attachTo", null);
    String network = p.text("network", null);
    if (attachTo != null && network != null)
      throw new StepFailure("give either network or attachTo, not both");
    if (attachTo != null) host.withNetworkMode("container:" + containerId(docker, attachTo));
    if (network != null) host.withNetworkMode(network);
    List<String> env = new ArrayList<>();
    p.map("env").forEach((k, v) -> env.add(k + "=" + v));
    var create =
        docker
            .client()
            .createContainerCmd(image)
            .withEnv(env)
            .withExposedPorts(exposed)
            .withHostConfig(host);
    String name = p.text("name", null);
    if (name != null) create.withName(name);
    List<String> command = p.list("command");
    if (!command.isEmpty()) create.withCmd(command);
    String id = create.exec().getId();
    ctx.output("containerId", id);
    boolean detach = p.flag("detach", true);
    boolean remove = p.flag("remove", false);
    ctx.onCancel(() -> forceRemove(docker, id));
    try {
      docker.client().startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      forceRemove(docker, id);
      throw new StepFailure("container of " + image + " could not start: " + docker.explain(e));
    }
    ctx.println("started container " + shortId(id) + (name == null ? "" : " (" + name + ")"));
    if (detach) return 0;
    LineOutput out = new LineOutput(ctx);
    var logs =
        docker
            .client()
            .logContainerCmd(id)
            .withStdOut(true)
            .withStdErr(true)
            .withFollowStream(true)
            .exec(
                new ResultCallback.Adapter<Frame>() {
                  @Override
                  public void onNext(Frame f) {
                    out.write(new String(f.getPayload(), StandardCharsets.UTF_8));
                  }
                });
    int exit =
        docker
            .client()
            .waitContainerCmd(id)
            .exec(new WaitContainerResultCallback())
            .awaitStatusCode();
    logs.awaitCompletion();
    out.close();
    ctx.println("container " + shortId(id) + " exited with " + exit);
    if (remove) forceRemove(docker, id);
    return exit;
  }

  static int start(Context ctx, Params p, DockerEngine docker) throws IOException {
    String c = p.text("container");
    try {
      docker.client().startContainerCmd(containerId(docker, c)).exec();
      ctx.println("started " + c);
    } catch (NotModifiedException e) {
      ctx.println(c + " was already running");
    }
    return 0;
  }

  static int stop(Context ctx, Params p, DockerEngine docker) throws IOException {
    String c = p.text("container");
    try {
      docker.client().stopContainerCmd(containerId(docker, c)).withTimeout(10).exec();
      ctx.println("stopped " + c);
    } catch (NotModifiedException e) {
      ctx.println(c + " was not running");
    }
    return 0;
  }

  /** Removes a container; with {@code force}, a running one too, and a missing one is no error. */
  static int rm(Context ctx, Params p, DockerEngine docker) throws IOException {
    String c = p.text("container");
    boolean force = p.flag("force", false);
    try {
      docker.client().removeContainerCmd(c).withForce(force).exec();
      ctx.println("removed " + c);
    } catch (NotFoundException e) {
      if (!force) throw new StepFailure("no container " + c + " on this Docker host");
      ctx.println("no container " + c + " to remove");
    }
    return 0;
  }

  /** Inspects a container, else an image; outputs id and, for a container, running and image. */
  static int inspect(Context ctx, Params p, DockerEngine docker) throws IOException {
    String target = p.text("target");
    try {
      InspectContainerResponse c = docker.client().inspectContainerCmd(target).exec();
      boolean running = Boolean.TRUE.equals(c.getState().getRunning());
      ctx.output("id", c.getId());
      ctx.output("running", String.valueOf(running));
      ctx.output("image", c.getImageId());
      ctx.println(
          "container " + target + ": " + c.getState().getStatus() + ", image " + c.getImageId());
      return 0;
    } catch (NotFoundException e) {
      String id = ImageSteps.imageId(docker, target);
      ctx.output("id", id);
      ctx.println("image " + target + ": " + id);
      return 0;
    }
  }

  static String containerId(DockerEngine docker, String nameOrId) {
    try {
      return docker.client().inspectContainerCmd(nameOrId).exec().getId();
    } catch (NotFoundException e) {
      throw new StepFailure("no container " + nameOrId + " on this Docker host");
    }
  }

  private static void forceRemove(DockerEngine docker, String id) {
    try {
      docker.client().removeContainerCmd(id).withForce(true).exec();
    } catch (RuntimeException ignored) {
      // already gone, or the engine is down: nothing more to clean
    }
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}

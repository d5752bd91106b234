package io.shiplock.agent.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.AgentStep.Context;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Image steps: build, tag, push, pull and promote (pull, tag, push across registries). */
final class ImageSteps {
  private ImageSteps() {}

  static List<AgentStep> all() {
    return List.of(
        new DockerStep(AgentStepTypes.DOCKER_BUILD, ImageSteps::build),
        new DockerStep(AgentStepTypes.DOCKER_TAG, ImageSteps::tag),
        new DockerStep(AgentStepTypes.DOCKER_PUSH, ImageSteps::push),
        new DockerStep(AgentStepTypes.DOCKER_PULL, ImageSteps::pull),
        new DockerStep(AgentStepTypes.DOCKER_PROMOTE, ImageSteps::promote));
  }

  static int build(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    Path context = contextDir(ctx, p.text("context", "."));
    Path dockerfile = context.resolve(p.text("dockerfile", "Dockerfile")).normalize();
    if (!dockerfile.startsWith(context) || !Files.isRegularFile(dockerfile))
      throw new StepFailure(
          "no Dockerfile at " + context.relativize(dockerfile) + " in " + context);
    Set<String> tags = new HashSet<>(p.list("tags"));
    tags.forEach(ImageRef::parse); // a bad tag fails here, with its text, before the build
    var cmd =
        docker
            .client()
            .buildImageCmd(context.toFile())
            .withDockerfile(dockerfile.toFile())
            .withTags(tags)
            .withPull(false);
    p.map("buildArgs").forEach(cmd::withBuildArg);
    LineOutput out = new LineOutput(ctx);
    String id;
    var callback =
        cmd.exec(
            new BuildImageResultCallback() {
              @Override
              public void onNext(BuildResponseItem item) {
                out.write(item.getStream());
                if (item.isErrorIndicated()) out.write(errorOf(item) + "\n");
                super.onNext(item);
              }
            });
    ctx.onCancel(() -> close(callback));
    try {
      id = callback.awaitImageId();
    } catch (RuntimeException e) {
      out.close();
      if (unreachable(e)) throw new StepFailure(docker.explain(e));
      throw new StepFailure("the build failed: " + e.getMessage());
    }
    out.close();
    String full = docker.client().inspectImageCmd(id).exec().getId();
    ctx.output("imageId", full);
    ctx.println("built " + full + (tags.isEmpty() ? "" : " tagged " + String.join(", ", tags)));
    return 0;
  }

  /**
   * The build context: relative paths are taken inside the version's files (or the run's directory
   * when the version has none) and may not climb out of them.
   */
  private static Path contextDir(Context ctx, String given) {
    Path base = hasFiles(ctx.versionDir()) ? ctx.versionDir() : ctx.runDir();
    Path dir = base.resolve(given).normalize();
    if (!Path.of(given).isAbsolute() && !dir.startsWith(base))
      throw new StepFailure("context '" + given + "' leaves the version's files");
    if (!Files.isDirectory(dir)) throw new StepFailure("build context " + dir + " does not exist");
    return dir;
  }

  private static boolean hasFiles(Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  static int tag(Context ctx, Params p, DockerEngine docker) throws IOException {
    String source = p.text("source");
    ImageRef target = ImageRef.parse(p.text("target"));
    String id = imageId(docker, source);
    docker.client().tagImageCmd(id, target.repository(), target.tag()).withForce().exec();
    ctx.output("imageId", id);
    ctx.println("tagged " + source + " (" + id + ") as " + target);
    return 0;
  }

  static int push(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    ImageRef ref = ImageRef.parse(p.text("image"));
    imageId(docker, ref.toString());
    String registry = p.text("registry", ref.registry());
    String digest = transfer(ctx, docker, "push", ref, registry);
    if (digest != null) ctx.output("digest", digest);
    ctx.println("pushed " + ref + (digest == null ? "" : " " + digest));
    return 0;
  }

  static int pull(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    ImageRef ref = ImageRef.parse(p.text("image"));
    transfer(ctx, docker, "pull", ref, ref.registry());
    String id = imageId(docker, ref.toString());
    ctx.output("imageId", id);
    ctx.println("pulled " + ref + " (" + id + ")");
    return 0;
  }

  static int promote(Context ctx, Params p, DockerEngine docker)
      throws IOException, InterruptedException {
    ImageRef source = ImageRef.parse(p.text("source"));
    ImageRef target = ImageRef.parse(p.text("target"));
    transfer(ctx, docker, "pull", source, source.registry());
    String id = imageId(docker, source.toString());
    docker.client().tagImageCmd(id, target.repository(), target.tag()).withForce().exec();
    String digest = transfer(ctx, docker, "push", target, target.registry());
    ctx.output("imageId", id);
    if (digest != null) ctx.output("digest", digest);
    ctx.println("promoted " + source + " to " + target + (digest == null ? "" : " " + digest));
    return 0;
  }

  /**
   * Pushes or pulls with the registry's credentials, printing one line per layer event (not the
   * progress bars); returns the digest the registry reported. The engine reports a refused push
   * (bad credentials, registry down) as an error item in the stream, not as an HTTP error.
   */
  private static String transfer(
      Context ctx, DockerEngine docker, String what, ImageRef ref, String registry)
      throws InterruptedException {
    AtomicReference<String> digest = new AtomicReference<>();
    AtomicReference<String> error = new AtomicReference<>();
    LineOutput out = new LineOutput(ctx);
    ResultCallback.Adapter<? extends ResponseItem> callback;
    var auth = docker.auth(registry);
    if (what.equals("push")) {
      callback =
          docker
              .client()
              .pushImageCmd(ref.repository())
              .withTag(ref.tag())
              .withAuthConfig(auth)
              .exec(listener(out, digest, error));
    } else {
      callback =
          docker
              .client()
              .pullImageCmd(ref.repository())
              .withTag(ref.tag())
              .withAuthConfig(auth)
              .exec(listener(out, digest, error));
    }
    ctx.onCancel(() -> close(callback));
    callback.awaitCompletion();
    out.close();
    if (error.get() != null)
      throw new StepFailure(what + " of " + ref + " (registry " + registry + ") failed: " + error);
    return digest.get();
  }

  private static <T extends ResponseItem> ResultCallback.Adapter<T> listener(
      LineOutput out, AtomicReference<String> digest, AtomicReference<String> error) {
    return new ResultCallback.Adapter<>() {
      @Override
      public void onNext(T item) {
        if (item.isErrorIndicated()) {
          error.set(errorOf(item));
          return;
        }
        if (item.getAux() != null && item.getAux().getDigest() != null)
          digest.set(item.getAux().getDigest());
        String status = item.getStatus();
        if (status != null && item.getProgressDetail() == null) {
          out.write((item.getId() == null ? "" : item.getId() + ": ") + status + "\n");
          int d = status.indexOf("digest: ");
          if (d >= 0) digest.set(status.substring(d + 8).split(" ")[0]);
        }
      }

      @Override
      public void onError(Throwable t) {
        error.set(t.getMessage());
        super.onError(t);
      }
    };
  }

  static String imageId(DockerEngine docker, String ref) {
    try {
      return docker.client().inspectImageCmd(ref).exec().getId();
    } catch (NotFoundException e) {
      throw new StepFailure("image " + ref + " is not on this Docker host");
    }
  }

  @SuppressWarnings("deprecation") // older engines send only the plain error field
  static String errorOf(ResponseItem item) {
    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null)
      return item.getErrorDetail().getMessage();
    return item.getError();
  }

  static void close(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing on cancel: the step is ending anyway
    }
  }

  /** The engine was not reached at all (no socket, refused): its own one-line explanation. */
  // A cause that is the exception itself ends the chain: identity is the test.
  @SuppressWarnings("ReferenceEquality")
  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause())
      if (t instanceof SocketException || t instanceof ConnectException) return true;
    return false;
  }
}

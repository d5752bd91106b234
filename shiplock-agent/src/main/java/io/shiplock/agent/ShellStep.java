package io.shiplock.agent;

import io.shiplock.api.AgentStep;
import io.shiplock.api.StepType;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code shell}: a script run by an interpreter ({@code /bin/sh} by default), or an argv list run
 * with no shell at all, in the request's directory (or {@code workDir} inside it), with extra
 * environment variables.
 */
final class ShellStep implements AgentStep {
  private static final Logger LOG = LoggerFactory.getLogger(ShellStep.class);

  @Override
  public StepType declaration() {
    return AgentStepTypes.SHELL;
  }

  @Override
  public int run(Context ctx) throws IOException, InterruptedException {
    Map<String, Object> with = ctx.with();
    Path dir =
        with.get("workDir") != null
            ? ctx.runDir().resolve(String.valueOf(with.get("workDir"))).normalize()
            : ctx.runDir();
    if (!dir.startsWith(ctx.runDir())) {
      ctx.println("workDir must stay inside the run's directory");
      return 2;
    }
    Files.createDirectories(dir);
    List<String> argv = new ArrayList<>();
    Path script = null;
    try {
      if (with.get("argv") instanceof List<?> list) {
        list.forEach(a -> argv.add(String.valueOf(a)));
      } else {
        // The resolved script may hold secure values: readable by the agent's user only, and gone
        // when the step ends, whatever way it ends.
        script = ctx.runDir().resolve(".step-" + ctx.stepId() + ".script");
        Files.deleteIfExists(script); // left by an agent that died during this step
        PrivateFiles.create(script);
        Files.writeString(script, String.valueOf(with.getOrDefault("script", "")));
        argv.add(
            with.get("interpreter") != null ? String.valueOf(with.get("interpreter")) : "/bin/sh");
        argv.add(script.toString());
      }
      return start(ctx, with, dir, argv);
    } finally {
      if (script != null) Files.deleteIfExists(script);
    }
  }

  /** Deletes the script files in the request directories under the agent's work directory. */
  static void removeLeftoverScripts(Path workDir) {
    if (!Files.isDirectory(workDir)) return;
    try (Stream<Path> files = Files.find(workDir, 2, (f, a) -> isScript(f) && a.isRegularFile())) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot remove leftover step scripts under {}: {}", workDir, e.toString());
    }
  }

  private static boolean isScript(Path f) {
    String name = f.getFileName().toString();
    return name.startsWith(".step-")
        && name.endsWith(".script")
        && f.getParent().getFileName().toString().startsWith("request-");
  }

  private static int start(Context ctx, Map<String, Object> with, Path dir, List<String> argv)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("SHIPLOCK_REQUEST_ID", String.valueOf(ctx.requestId()));
    pb.environment().put("SHIPLOCK_STEP", ctx.stepName());
    if (with.get("env") instanceof Map<?, ?> env) {
      env.forEach((k, v) -> pb.environment().put(String.valueOf(k), String.valueOf(v)));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      ctx.println("cannot start " + argv.get(0) + ": " + e.getMessage());
      return 127;
    }
    ctx.processes().accept(p);
    return p.waitFor();
  }
}

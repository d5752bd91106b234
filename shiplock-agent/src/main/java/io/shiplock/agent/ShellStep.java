package io.shiplock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shell}: a script run by an interpreter ({@code /bin/sh} by default), or an argv list run
 * with no shell at all, in the request's directory (or {@code workDir} inside it), with extra
 * environment variables.
 */
final class ShellStep implements AgentStep {
  @Override
  public String type() {
    return "shell";
  }

  @Override
  public int run(Context ctx) throws IOException, InterruptedException {
    JsonNode with = ctx.with();
    Path dir =
        with.hasNonNull("workDir")
            ? ctx.runDir().resolve(with.get("workDir").asText()).normalize()
            : ctx.runDir();
    if (!dir.startsWith(ctx.runDir())) {
      ctx.println("workDir must stay inside the run's directory");
      return 2;
    }
    Files.createDirectories(dir);
    List<String> argv = new ArrayList<>();
    if (with.has("argv")) {
      with.get("argv").forEach(a -> argv.add(a.asText()));
    } else {
      Path script = ctx.runDir().resolve(".step-" + ctx.stepId() + ".script");
      Files.writeString(script, with.path("script").asText());
      argv.add(with.hasNonNull("interpreter") ? with.get("interpreter").asText() : "/bin/sh");
      argv.add(script.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("SHIPLOCK_REQUEST_ID", String.valueOf(ctx.requestId()));
    pb.environment().put("SHIPLOCK_STEP", ctx.stepName());
    with.path("env")
        .properties()
        .forEach(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
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

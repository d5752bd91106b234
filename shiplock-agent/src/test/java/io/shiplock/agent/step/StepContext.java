package io.shiplock.agent.step;

import io.shiplock.api.AgentStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** What a step sees of its run, recorded for assertions. */
public final class StepContext implements AgentStep.Context {
  public final Map<String, Object> with;
  public final Path runDir;
  public final List<String> lines = new CopyOnWriteArrayList<>();
  public final Map<String, String> outputs = new ConcurrentHashMap<>();
  public final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();

  public StepContext(Path runDir, Map<String, Object> with) {
    this.runDir = runDir;
    this.with = with;
  }

  public String log() {
    return String.join("\n", lines);
  }

  private volatile boolean canceled;

  /** As the agent's runner: what is registered later runs at once (a cancel is never missed). */
  public void cancel() {
    canceled = true;
    cancelActions.forEach(Runnable::run);
  }

  @Override
  public Map<String, Object> with() {
    return with;
  }

  @Override
  public Path runDir() {
    return runDir;
  }

  @Override
  public long stepId() {
    return 1;
  }

  @Override
  public String stepName() {
    return "step";
  }

  @Override
  public long requestId() {
    return 1;
  }

  @Override
  public void println(String line) {
    lines.add(line);
  }

  @Override
  public Consumer<Process> processes() {
    return p -> {};
  }

  @Override
  public void output(String name, String value) {
    outputs.put(name, value);
  }

  @Override
  public void onCancel(Runnable action) {
    cancelActions.add(action);
    if (canceled) action.run();
  }

  @Override
  public Path versionDir() {
    return runDir.resolve("version");
  }
}

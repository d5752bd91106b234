package io.shiplock.agent.docker;

import io.shiplock.api.AgentStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** What a step sees of its run, recorded for assertions. */
final class StepContext implements AgentStep.Context {
  final Map<String, Object> with;
  final Path runDir;
  final List<String> lines = new CopyOnWriteArrayList<>();
  final Map<String, String> outputs = new ConcurrentHashMap<>();
  final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();

  StepContext(Path runDir, Map<String, Object> with) {
    this.runDir = runDir;
    this.with = with;
  }

  String log() {
    return String.join("\n", lines);
  }

  void cancel() {
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
  }

  @Override
  public Path versionDir() {
    return runDir.resolve("version");
  }
}

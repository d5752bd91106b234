package io.shiplock.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A step type the agent runs. It writes its output (already masked, through {@link
 * Context#println}) and returns an exit code; the agent then runs the post-processing script and
 * reports. Adding a type is one small class, registered in {@link AgentSteps} or through {@code
 * META-INF/services/io.shiplock.agent.AgentStep}.
 */
public interface AgentStep {
  String type();

  /**
   * Runs the step; the exit code feeds the post-processing script ({@code properties.exitCode}).
   */
  int run(Context ctx) throws IOException, InterruptedException;

  /** What a step sees of its run. */
  interface Context {
    /** The step's parameters, resolved: strings, numbers, booleans, lists and maps. */
    java.util.Map<String, Object> with();

    /** The request's directory on this host, shared by its steps. */
    Path runDir();

    long stepId();

    String stepName();

    long requestId();

    /** Writes a line of output, masked. */
    void println(String line) throws IOException;

    /** Copies a process's output into the step log and lets cancellation reach it. */
    Consumer<Process> processes();

    /**
     * Records an output property of the step (e.g. {@code imageId}); the post-processing script
     * sees it in {@code properties} and may replace it.
     */
    void output(String name, String value);

    /**
     * Runs {@code action} if the step is canceled or times out, e.g. to kill a container that would
     * otherwise outlive its step.
     */
    void onCancel(Runnable action);

    /**
     * The files of the version being deployed, downloaded to this host before the step starts;
     * empty when the version has none.
     */
    Path versionDir();
  }
}

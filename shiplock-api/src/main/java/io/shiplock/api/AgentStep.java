package io.shiplock.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A step type an agent runs: its declaration and its behaviour in one class, so the two cannot
 * drift apart by a misspelt name. It writes its output (already masked, through {@link
 * Context#println}) and returns an exit code; the agent then runs the post-processing script and
 * reports.
 *
 * <p>A plug-in registers its class in {@code META-INF/services/io.shiplock.api.AgentStep}: on the
 * agent it is run, on the server its {@link #declaration()} checks configuration. The context holds
 * only JDK types, so a plug-in needs nothing but this module.
 */
public interface AgentStep {
  /** What configuration may say about this step; its placement is {@link Placement#AGENT}. */
  StepType declaration();

  /**
   * Runs the step; the exit code feeds the post-processing script ({@code properties.exitCode}).
   */
  int run(Context ctx) throws IOException, InterruptedException;

  /** What a step sees of its run. */
  interface Context {
    /** The step's parameters, resolved: strings, numbers, booleans, lists and maps. */
    Map<String, Object> with();

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

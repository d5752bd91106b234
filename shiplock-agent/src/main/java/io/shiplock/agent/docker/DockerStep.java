package io.shiplock.agent.docker;

import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.StepType;
import java.io.IOException;

/**
 * A Docker step: its declaration and an action on the engine. Every failure ends as one clear line
 * in the step log and exit code 1; the engine's error text is kept, credentials never reach it (the
 * agent masks secure values in every line).
 */
record DockerStep(StepType declaration, Action action) implements AgentStep {
  interface Action {
    int run(Context ctx, Params p, DockerEngine docker) throws IOException, InterruptedException;
  }

  @Override
  public int run(Context ctx) throws IOException, InterruptedException {
    DockerEngine docker;
    try {
      docker = DockerEngine.shared();
    } catch (RuntimeException e) {
      ctx.println("cannot use the Docker engine: " + e.getMessage());
      return 1;
    }
    return run(ctx, docker);
  }

  int run(Context ctx, DockerEngine docker) throws IOException, InterruptedException {
    try {
      return action.run(ctx, new Params(ctx.with()), docker);
    } catch (StepFailure e) {
      ctx.println(e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
      ctx.println(docker.explain(e));
      return 1;
    }
  }
}

package io.shiplock.agent.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.AgentStep.Context;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.util.List;

/** Registry login and logout. The password comes from a secure property and is masked. */
final class RegistrySteps {
  private RegistrySteps() {}

  static List<AgentStep> all() {
    return List.of(
        new DockerStep(AgentStepTypes.DOCKER_LOGIN, RegistrySteps::login),
        new DockerStep(AgentStepTypes.DOCKER_LOGOUT, RegistrySteps::logout));
  }

  /** Checks the credentials with the registry (through the engine) before keeping them. */
  static int login(Context ctx, Params p, DockerEngine docker) throws IOException {
    String registry = p.text("registry");
    AuthConfig auth =
        new AuthConfig()
            .withRegistryAddress(registry)
            .withUsername(p.text("username"))
            .withPassword(p.text("password"));
    try {
      docker.client().authCmd().withAuthConfig(auth).exec();
    } catch (DockerException e) {
      throw new StepFailure(
          "registry "
              + registry
              + " refused the credentials of "
              + auth.getUsername()
              + ": "
              + docker.explain(e));
    }
    docker.login(registry, auth);
    ctx.println("logged in to " + registry + " as " + auth.getUsername());
    return 0;
  }

  static int logout(Context ctx, Params p, DockerEngine docker) throws IOException {
    String registry = p.text("registry");
    ctx.println(
        docker.logout(registry) ? "logged out of " + registry : "was not logged in to " + registry);
    return 0;
  }
}

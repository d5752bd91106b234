package io.shiplock.core.steps;

import static io.shiplock.api.Param.optional;
import static io.shiplock.api.Param.required;
import static io.shiplock.api.ParamType.BOOLEAN;
import static io.shiplock.api.ParamType.STRING;

import io.shiplock.api.Param;
import io.shiplock.api.Placement;
import io.shiplock.api.SimpleStepType;
import io.shiplock.api.StepType;
import java.util.List;
import java.util.stream.Stream;

/**
 * Declarations of the built-in step types. Their behaviour lives with whoever runs them (agent or
 * engine), which refers to the declaration it implements ({@link AgentStepTypes}, {@link
 * ServerStepTypes}); declaring them here lets configuration be validated before anything runs. The
 * application steps are the engine's own fan-out, not a step class.
 */
final class BuiltinStepTypes {
  private BuiltinStepTypes() {}

  private static StepType app(String name, String description, Param... params) {
    return new SimpleStepType(name, Placement.APPLICATION, description, List.of(params));
  }

  /** Every built-in type: the agent's, the server's, then the application steps. */
  static final List<StepType> ALL =
      Stream.of(
              AgentStepTypes.ALL,
              ServerStepTypes.ALL,
              List.of(
                  app(
                      "component.install",
                      "Installs the requested version of a component by running its process.",
                      required("component", STRING, "component name"),
                      required("process", STRING, "component process"),
                      optional("force", BOOLEAN, "install even if the version is already there")),
                  app(
                      "component.run",
                      "Runs an operational component process.",
                      required("component", STRING, "component name"),
                      required("process", STRING, "component process")),
                  app(
                      "component.rollback",
                      "Redeploys the last version that deployed successfully.",
                      required("component", STRING, "component name"),
                      required("process", STRING, "component process"))))
          .flatMap(List::stream)
          .toList();
}

package io.shiplock.core.steps;

import static io.shiplock.api.Param.optional;
import static io.shiplock.api.Param.required;
import static io.shiplock.api.ParamType.BOOLEAN;
import static io.shiplock.api.ParamType.DURATION;
import static io.shiplock.api.ParamType.STRING;
import static io.shiplock.api.ParamType.STRING_LIST;
import static io.shiplock.api.ParamType.STRING_MAP;

import io.shiplock.api.Param;
import io.shiplock.api.Placement;
import io.shiplock.api.SimpleStepType;
import io.shiplock.api.StepType;
import java.util.List;

/**
 * Declarations of the built-in step types. Their behaviour lives with whoever runs them (agent or
 * engine); declaring them here lets configuration be validated before anything runs.
 */
final class BuiltinStepTypes {
  private BuiltinStepTypes() {}

  private static StepType agent(String name, String description, Param... params) {
    return new SimpleStepType(name, Placement.AGENT, description, List.of(params));
  }

  private static StepType server(String name, String description, Param... params) {
    return new SimpleStepType(name, Placement.SERVER, description, List.of(params));
  }

  private static StepType app(String name, String description, Param... params) {
    return new SimpleStepType(name, Placement.APPLICATION, description, List.of(params));
  }

  private static final Param IMAGE = required("image", STRING, "image reference");
  private static final Param CONTAINER = required("container", STRING, "container name or id");

  static final List<StepType> ALL =
      List.of(
          agent(
              "shell",
              "Runs a script with an interpreter, or an argv list without any shell.",
              optional("script", STRING, "script text, run by the interpreter"),
              optional("interpreter", STRING, "interpreter for the script (default /bin/sh)"),
              optional("argv", STRING_LIST, "program and arguments, run without a shell"),
              optional("workDir", STRING, "working directory, relative to the run's directory"),
              optional("env", STRING_MAP, "environment variables")),
          agent(
              "docker.build",
              "Builds an image; outputs imageId.",
              optional("context", STRING, "build context directory (default: the version's files)"),
              optional("dockerfile", STRING, "Dockerfile path within the context"),
              optional("tags", STRING_LIST, "tags to apply"),
              optional("buildArgs", STRING_MAP, "build arguments")),
          agent(
              "docker.tag",
              "Tags an image.",
              required("source", STRING, "existing image"),
              required("target", STRING, "new tag")),
          agent(
              "docker.push",
              "Pushes an image; outputs digest.",
              IMAGE,
              optional("registry", STRING, "registry host for credentials")),
          agent("docker.pull", "Pulls an image; outputs imageId.", IMAGE),
          agent(
              "docker.login",
              "Logs in to a registry with credentials from secure properties.",
              required("registry", STRING, "registry host"),
              required("username", STRING, "user name"),
              required("password", STRING, "password (use a secure property)")),
          agent("docker.logout", "Logs out of a registry.", required("registry", STRING, "host")),
          agent(
              "docker.run",
              "Runs a container; outputs containerId and, when waiting, exitCode.",
              IMAGE,
              optional("name", STRING, "container name"),
              optional("ports", STRING_LIST, "published ports, host:container"),
              optional("env", STRING_MAP, "environment variables"),
              optional("network", STRING, "network to join"),
              optional("attachTo", STRING, "share the network of this container"),
              optional("command", STRING_LIST, "command and arguments"),
              optional("detach", BOOLEAN, "return once started (default true)"),
              optional("remove", BOOLEAN, "remove the container after it exits")),
          agent("docker.start", "Starts a container.", CONTAINER),
          agent("docker.stop", "Stops a container.", CONTAINER),
          agent(
              "docker.rm",
              "Removes a container.",
              CONTAINER,
              optional("force", BOOLEAN, "remove even if running")),
          agent(
              "docker.inspect", "Inspects an image or container.", required("target", STRING, "")),
          agent(
              "docker.promote",
              "Copies an image from one registry to another under a new tag.",
              required("source", STRING, "source image reference"),
              required("target", STRING, "target image reference")),
          server(
              "property.set",
              "Sets a property.",
              required("name", STRING, "property name"),
              required("value", STRING, "value"),
              optional("scope", STRING, "request (default), componentEnvironment or version")),
          server("fail", "Fails the process with a message.", optional("message", STRING, "")),
          server("wait", "Waits for a duration.", required("duration", DURATION, "how long")),
          server("join", "Waits until every incoming branch has finished."),
          server("version.status.add", "Adds a version status.", required("status", STRING, "")),
          server(
              "version.status.remove", "Removes a version status.", required("status", STRING, "")),
          server(
              "inventory.status.add", "Adds an inventory status.", required("status", STRING, "")),
          server(
              "inventory.status.remove",
              "Removes an inventory status.",
              required("status", STRING, "")),
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
              required("process", STRING, "component process")));
}

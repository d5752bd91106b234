package io.shiplock.core.steps;

import static io.shiplock.api.Param.optional;
import static io.shiplock.api.Param.required;
import static io.shiplock.api.ParamType.BOOLEAN;
import static io.shiplock.api.ParamType.DURATION;
import static io.shiplock.api.ParamType.INTEGER;
import static io.shiplock.api.ParamType.STRING;
import static io.shiplock.api.ParamType.STRING_LIST;
import static io.shiplock.api.ParamType.STRING_MAP;

import io.shiplock.api.Param;
import io.shiplock.api.Placement;
import io.shiplock.api.SimpleStepType;
import io.shiplock.api.StepType;
import java.util.List;
import java.util.Map;

/**
 * Declarations of the built-in agent step types. They live here, not in the agent, because the
 * server checks configuration without the agent's code; each agent step returns its constant as its
 * {@code declaration()}, so the two are joined by a reference rather than a name.
 */
public final class AgentStepTypes {
  private AgentStepTypes() {}

  private static StepType agent(String name, String description, Param... params) {
    return new SimpleStepType(name, Placement.AGENT, description, List.of(params));
  }

  private static final Param IMAGE = required("image", STRING, "image reference");
  private static final Param CONTAINER = required("container", STRING, "container name or id");

  // File steps: paths are relative to the request's directory on the agent, or absolute; patterns
  // are Ant-style (** spans directories, * and ? stay within a name), as in UCD's file plug-ins.
  private static Param includes(String what) {
    return optional("includes", STRING_LIST, what + " (Ant-style patterns; default **/*)");
  }

  private static final Param EXCLUDES =
      optional("excludes", STRING_LIST, "patterns of files to leave out, even when included");

  public static final StepType SHELL =
      agent(
          "shell",
          "Runs a script with an interpreter, or an argv list without any shell.",
          optional("script", STRING, "script text, run by the interpreter"),
          optional("interpreter", STRING, "interpreter for the script (default /bin/sh)"),
          optional("argv", STRING_LIST, "program and arguments, run without a shell"),
          optional("workDir", STRING, "working directory, relative to the run's directory"),
          optional("env", STRING_MAP, "environment variables"));
  public static final StepType DOCKER_BUILD =
      agent(
          "docker.build",
          "Builds an image; outputs imageId.",
          optional("context", STRING, "build context directory (default: the version's files)"),
          optional("dockerfile", STRING, "Dockerfile path within the context"),
          optional("tags", STRING_LIST, "tags to apply"),
          optional("buildArgs", STRING_MAP, "build arguments"));
  public static final StepType DOCKER_TAG =
      agent(
          "docker.tag",
          "Tags an image.",
          required("source", STRING, "existing image"),
          required("target", STRING, "new tag"));
  public static final StepType DOCKER_PUSH =
      agent(
          "docker.push",
          "Pushes an image; outputs digest.",
          IMAGE,
          optional("registry", STRING, "registry host for credentials"));
  public static final StepType DOCKER_PULL =
      agent("docker.pull", "Pulls an image; outputs imageId.", IMAGE);
  public static final StepType DOCKER_LOGIN =
      agent(
          "docker.login",
          "Logs in to a registry with credentials from secure properties.",
          required("registry", STRING, "registry host"),
          required("username", STRING, "user name"),
          required("password", STRING, "password (use a secure property)"));
  public static final StepType DOCKER_LOGOUT =
      agent("docker.logout", "Logs out of a registry.", required("registry", STRING, "host"));
  public static final StepType DOCKER_RUN =
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
          optional("remove", BOOLEAN, "remove the container after it exits"));
  public static final StepType DOCKER_START =
      agent("docker.start", "Starts a container.", CONTAINER);
  public static final StepType DOCKER_STOP = agent("docker.stop", "Stops a container.", CONTAINER);
  public static final StepType DOCKER_RM =
      agent(
          "docker.rm",
          "Removes a container.",
          CONTAINER,
          optional("force", BOOLEAN, "remove even if running"));
  public static final StepType DOCKER_INSPECT =
      agent("docker.inspect", "Inspects an image or container.", required("target", STRING, ""));
  public static final StepType DOCKER_PROMOTE =
      agent(
          "docker.promote",
          "Copies an image from one registry to another under a new tag.",
          required("source", STRING, "source image reference"),
          required("target", STRING, "target image reference"));
  public static final StepType FILES_DOWNLOAD =
      agent(
          "files.download",
          "Copies the files of the version being deployed into a directory; outputs files, bytes.",
          optional("dir", STRING, "target directory (default: the request's directory)"),
          includes("files of the version to copy"),
          EXCLUDES,
          optional("clean", BOOLEAN, "first remove files in dir that the version does not have"));
  public static final StepType FILES_DELETE =
      agent(
          "files.delete",
          "Deletes the matching files, and matching directories with what they hold; outputs files.",
          optional("baseDir", STRING, "directory the patterns are relative to (default .)"),
          required("includes", STRING_LIST, "patterns of files and directories to delete"),
          EXCLUDES,
          optional("followSymlinks", BOOLEAN, "delete inside linked directories (default false)"));
  public static final StepType FILES_UNZIP =
      agent(
          "files.unzip",
          "Extracts zip files; refuses entries that leave the directory; outputs files, bytes.",
          required("zip", STRING_LIST, "zip files, or Ant-style patterns matching zip files"),
          optional("dir", STRING, "destination directory (default .)"),
          includes("entries to extract"),
          EXCLUDES,
          optional("overwrite", BOOLEAN, "replace existing files (default true)"));
  public static final StepType FILES_ZIP =
      agent(
          "files.zip",
          "Creates a zip file of the matching files; outputs files, bytes.",
          required("zip", STRING, "zip file to write"),
          optional("baseDir", STRING, "directory whose files go in the zip (default .)"),
          includes("files to add"),
          EXCLUDES,
          optional("update", BOOLEAN, "add to an existing zip rather than replace it"));
  public static final StepType FILES_MOVE =
      agent(
          "files.move",
          "Moves the matching files to another directory, keeping their relative paths.",
          required("sourceDir", STRING, "directory to move files from"),
          required("destDir", STRING, "directory to move them to (created when missing)"),
          includes("files to move"),
          EXCLUDES);

  public static final StepType HTTP_CHECK =
      agent(
          "http.check",
          "Checks a URL from the agent's host: the answer's status code and, if asked, that its"
              + " body matches; tries again until it passes or its attempts run out. Outputs"
              + " status and attempts.",
          required("url", STRING, "http:// or https:// address to GET"),
          optional("status", INTEGER, "expected status code (default 200)"),
          optional("bodyMatches", STRING, "a regular expression the body must contain a match of"),
          optional("timeout", DURATION, "limit for each attempt (default 10s)"),
          optional("attempts", INTEGER, "attempts in all before the step fails (default 1)"),
          optional("interval", DURATION, "pause between attempts (default 2s)"));

  public static final StepType VERIFY =
      agent(
          "verify",
          "Soaks a deployment: checks a URL (as http.check) or runs a command again and again over"
              + " a period, and fails at the first check that does not pass; passes only if every"
              + " check did. Outputs checks.",
          required("for", DURATION, "the soak period, such as 10m"),
          optional("url", STRING, "http:// or https:// address to GET (or give argv)"),
          optional("argv", STRING_LIST, "a command to run instead, with no shell; exit 0 passes"),
          optional("status", INTEGER, "expected status code of the URL (default 200)"),
          optional("bodyMatches", STRING, "a regular expression the body must contain a match of"),
          optional("timeout", DURATION, "limit for each check (default 10s)"),
          optional("interval", DURATION, "pause between checks (default 30s)"));

  // Docker Swarm services: the engine this agent drives must be a swarm manager. Each step waits
  // until Swarm has converged (or rolled back) and reports what it saw, so a request's outcome is
  // the service's, not merely that the engine accepted a spec.
  private static final Param SERVICE = required("service", STRING, "service name");
  private static final Param SWARM_TIMEOUT =
      optional("timeout", DURATION, "how long to wait for Swarm to converge (default 5m)");

  public static final StepType SWARM_SERVICE_DEPLOY =
      agent(
          "swarm.service.deploy",
          "Creates a Swarm service, or updates it to a new image and settings with a rolling"
              + " update; waits until every replica runs, and fails with Swarm's reason when the"
              + " update is rolled back or paused. Outputs service, serviceId, image (pinned to its"
              + " digest) and digest.",
          SERVICE,
          IMAGE,
          optional("replicas", INTEGER, "tasks to run (default 1)"),
          optional("ports", STRING_LIST, "published ports, published:target"),
          optional("publishMode", STRING, "ingress (the routing mesh, default) or host"),
          optional("env", STRING_MAP, "environment variables"),
          optional("command", STRING_LIST, "arguments that replace the image's command"),
          optional("parallelism", INTEGER, "tasks updated at once (default 1)"),
          optional("delay", DURATION, "pause between batches of the update (default none)"),
          optional("failureAction", STRING, "rollback (default), pause or continue"),
          optional("monitor", DURATION, "how long a new task is watched for failure (default 5s)"),
          optional(
              "healthCmd", STRING_LIST, "health check command and arguments, run without shell"),
          optional("healthInterval", DURATION, "between health checks (default 5s)"),
          optional("healthTimeout", DURATION, "limit of one health check (default 5s)"),
          optional("healthRetries", INTEGER, "failed checks before unhealthy (default 3)"),
          optional(
              "stopGracePeriod",
              DURATION,
              "how long a replaced task has to stop before it is killed (default 10s)"),
          SWARM_TIMEOUT);
  public static final StepType SWARM_SERVICE_ROLLBACK =
      agent(
          "swarm.service.rollback",
          "Rolls a Swarm service back to its previous spec and waits until the rollback completes."
              + " Outputs service, serviceId, image and digest.",
          SERVICE,
          SWARM_TIMEOUT);
  public static final StepType SWARM_SERVICE_SCALE =
      agent(
          "swarm.service.scale",
          "Sets a Swarm service's replicas and waits until that many tasks run.",
          SERVICE,
          required("replicas", INTEGER, "tasks to run"),
          SWARM_TIMEOUT);
  public static final StepType SWARM_SERVICE_REMOVE =
      agent(
          "swarm.service.remove",
          "Removes a Swarm service and waits until its tasks are gone; a missing one is no error.",
          SERVICE,
          SWARM_TIMEOUT);

  /**
   * Outputs that a successful step records as component-environment values (output name to value
   * name), so the inventory shows what runs there: the Swarm service and the image digest it runs.
   * The names are the steps' own, so they never replace a value a component configures.
   */
  public static final Map<String, Map<String, String>> RECORDED =
      Map.of(
          SWARM_SERVICE_DEPLOY.name(), Map.of("service", "swarmService", "image", "swarmImage"),
          SWARM_SERVICE_ROLLBACK.name(), Map.of("service", "swarmService", "image", "swarmImage"));

  static final List<StepType> ALL =
      List.of(
          SHELL,
          DOCKER_BUILD,
          DOCKER_TAG,
          DOCKER_PUSH,
          DOCKER_PULL,
          DOCKER_LOGIN,
          DOCKER_LOGOUT,
          DOCKER_RUN,
          DOCKER_START,
          DOCKER_STOP,
          DOCKER_RM,
          DOCKER_INSPECT,
          DOCKER_PROMOTE,
          FILES_DOWNLOAD,
          FILES_DELETE,
          FILES_UNZIP,
          FILES_ZIP,
          FILES_MOVE,
          HTTP_CHECK,
          VERIFY,
          SWARM_SERVICE_DEPLOY,
          SWARM_SERVICE_ROLLBACK,
          SWARM_SERVICE_SCALE,
          SWARM_SERVICE_REMOVE);
}

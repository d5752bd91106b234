package io.shiplock.cli.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real `shiplock …` process on the test class path, killed with SIGKILL when asked. */
final class JavaProcess implements AutoCloseable {
  private final Process process;
  final Path log;

  private JavaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static JavaProcess start(Path log, Map<String, String> env, String... args) {
    return start(log, env, List.of("-Xmx256m"), args);
  }

  static JavaProcess start(Path log, Map<String, String> env, List<String> jvm, String... args) {
    return start(log, env, jvm, List.of(), System.getProperty("java.class.path"), args);
  }

  /**
   * Started from the tests' start-up cache ({@link LaunchCache}): for the many servers and agents
   * of the crash and cluster tests, not for a test that measures a process's memory or start.
   */
  static JavaProcess startCached(
      Path log, Map<String, String> env, List<String> jvm, String... args) {
    return start(log, env, jvm, LaunchCache.options(jvm), LaunchCache.classPath(), args);
  }

  private static JavaProcess start(
      Path log,
      Map<String, String> env,
      List<String> jvm,
      List<String> cache,
      String classPath,
      String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.addAll(cache);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add("io.shiplock.cli.Main");
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    try {
      return new JavaProcess(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kill -9: no shutdown hooks, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the process stops as an operator's stop would have it, shutdown hooks and all. */
  void stop(Duration limit) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS))
      throw new AssertionError("still running " + limit + " after SIGTERM; it said:\n" + output());
  }

  /** Waits for the process to end by itself; its exit code, or -1 when it did not in time. */
  int waitFor(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

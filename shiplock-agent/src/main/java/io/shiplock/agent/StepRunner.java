package io.shiplock.agent;

import io.shiplock.api.AgentStep;
import io.shiplock.core.script.PostProcessor;
import io.shiplock.core.script.ScriptLimits;
import io.shiplock.core.script.ScriptResult;
import io.shiplock.core.security.Masker;
import io.shiplock.core.wire.WorkItem;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step on this host: the command with its output masked into a spool file that is shipped
 * live, then the post-processing script over that output, then the result.
 */
final class StepRunner implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
  private static final AgentSteps STEPS = new AgentSteps();

  /** The step types this agent runs (its hello tells the server). */
  static Set<String> stepTypes() {
    return STEPS.types();
  }

  private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

  private final ServerClient client;
  private final WorkItem work;
  private final Path runDir;
  private volatile Process process;
  private volatile boolean canceled;
  private volatile boolean workDone;
  private final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();
  private final Map<String, String> outputs = new ConcurrentHashMap<>();

  private final VersionFiles versionFiles;
  private final Path versionDir;
  private final Consumer<List<?>> next;
  private final CountDownLatch finished = new CountDownLatch(1);

  /**
   * A step that ends sooner than this never reports its start: its result says it all, and a report
   * would be one more commit on the server for every short step. A longer one reports it then, so
   * the server and the UI show it RUNNING.
   */
  static final Duration STARTED_AFTER = Duration.ofMillis(200);

  /** {@code next} takes the work the server hands over in the answer to the result. */
  StepRunner(ServerClient client, WorkItem work, Path workDir, Consumer<List<?>> next) {
    this.client = client;
    this.next = next;
    this.work = work;
    this.runDir = workDir.resolve("request-" + work.requestId());
    this.versionFiles = new VersionFiles(client, workDir);
    this.versionDir =
        runDir
            .resolve("versions")
            .resolve(work.version() == null ? "_" : work.version().component());
  }

  long stepId() {
    return work.stepId();
  }

  void cancel() {
    canceled = true;
    // Once the step's own work is over, what it started (a detached container) is its result,
    // not something to undo: a late cancel (the server saw the result before this runner left
    // the agent's list) must not reach it.
    if (!workDone) cancelActions.forEach(Runnable::run);
    Process p = process;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Override
  public void run() {
    long stepId = stepId();
    int attempt = work.attempt();
    String base = "/api/v1/agent/steps/" + stepId;
    try {
      // Reported while the step already runs: the report is not on the step's critical path.
      Thread startedReport =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      if (finished.await(STARTED_AFTER.toMillis(), TimeUnit.MILLISECONDS)) return;
                      client.reliably("POST", base + "/started", Map.of("attempt", attempt));
                    } catch (ServerClient.Refused e) {
                      LOG.warn("step {}: the server refused its start: {}", stepId, e.getMessage());
                      cancel();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      Files.createDirectories(runDir);
      Path spool = runDir.resolve(".step-" + stepId + "-" + attempt + ".log");
      Files.deleteIfExists(spool);
      // The log is masked, but no other user of the host needs to read it.
      PrivateFiles.create(spool);
      LogShipper shipper = new LogShipper(client, stepId, attempt, spool);
      Thread shipping = Thread.ofVirtual().name("ship-" + stepId).start(shipper);
      Masker masker = new Masker(work.mask());
      Map<String, Object> result;
      try {
        result = execute(spool, masker);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception | Error e) {
        // Whatever the step or its post-processing ran into, the server must hear of it: a
        // runner that dies here leaves the step RUNNING for ever while heartbeats continue.
        LOG.error("step {}: {}", stepId, e.toString());
        result = result(attempt, "FAILED", Map.of(), "the agent could not finish the step: " + e);
      }
      shipper.finish();
      shipping.join();
      Map<String, Object> tail = shipper.tail();
      if (tail != null) result.put("log", tail);
      finished.countDown();
      startedReport.join();
      result.put("next", true);
      Map<String, Object> answer = client.reliably("POST", base + "/result", result);
      if (answer.get("work") instanceof List<?> work && !work.isEmpty()) next.accept(work);
    } catch (ServerClient.Refused e) {
      LOG.warn("step {}: the server refused a report: {}", stepId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.error("step {}: {}", stepId, e.toString());
    }
  }

  /** Fails a step whose work item could not be read, with the reason as its message. */
  static void refuse(ServerClient client, long stepId, int attempt, IllegalArgumentException e) {
    try {
      client.reliably(
          "POST",
          "/api/v1/agent/steps/" + stepId + "/result",
          result(attempt, "FAILED", Map.of(), e.getMessage()));
    } catch (ServerClient.Refused refused) {
      LOG.warn("step {}: the server refused a report: {}", stepId, refused.getMessage());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<String, Object> execute(Path spool, Masker masker)
      throws IOException, InterruptedException {
    String type = work.type();
    int attempt = work.attempt();
    AgentStep step = STEPS.find(type).orElse(null);
    if (step == null) {
      append(spool, "step type '" + type + "' is not available on this agent\n");
      return result(
          attempt, "FAILED", Map.of(), "step type '" + type + "' is not available on this agent");
    }
    Files.createDirectories(runDir);
    WorkItem.Version version = work.version();
    if (version != null) {
      try {
        int n = versionFiles.place(version.id(), versionDir);
        if (n > 0)
          append(
              spool,
              "version "
                  + version.name()
                  + ": "
                  + n
                  + (n == 1 ? " file in " : " files in ")
                  + versionDir
                  + "\n");
      } catch (IOException | ServerClient.Refused e) {
        String m = "cannot fetch the files of version " + version.name() + ": " + e.getMessage();
        append(spool, m + "\n");
        return result(attempt, "FAILED", Map.of(), m);
      }
    }
    List<Thread> readers = new CopyOnWriteArrayList<>();
    AgentStep.Context ctx =
        new AgentStep.Context() {
          @Override
          public Map<String, Object> with() {
            return work.with();
          }

          @Override
          public Path runDir() {
            return runDir;
          }

          @Override
          public long stepId() {
            return StepRunner.this.stepId();
          }

          @Override
          public String stepName() {
            return work.name();
          }

          @Override
          public long requestId() {
            return work.requestId();
          }

          @Override
          public void println(String line) throws IOException {
            append(spool, masker.mask(line) + "\n");
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
            return versionDir;
          }

          @Override
          public Consumer<Process> processes() {
            return p -> {
              process = p;
              if (canceled) cancel();
              readers.add(Thread.ofVirtual().start(() -> copy(p, spool, masker)));
            };
          }
        };
    long timeout = work.timeoutSeconds() == null ? 0 : work.timeoutSeconds();
    Future<Integer> running = EXECUTOR.submit(() -> step.run(ctx));
    int exit;
    try {
      exit = timeout > 0 ? running.get(timeout, TimeUnit.SECONDS) : running.get();
      workDone = true;
    } catch (TimeoutException e) {
      cancel();
      running.cancel(true);
      for (Thread t : readers) t.join();
      append(spool, "timed out after " + timeout + " s\n");
      return result(attempt, "FAILED", Map.of(), "timed out after " + timeout + " s");
    } catch (ExecutionException e) {
      // An exception's text may quote the step's arguments, secure values among them.
      append(spool, masker.mask("step failed: " + e.getCause()) + "\n");
      return result(
          attempt, "FAILED", Map.of(), masker.mask("step failed: " + e.getCause().getMessage()));
    }
    for (Thread t : readers) t.join();
    if (canceled) return result(attempt, "CANCELED", Map.of(), "canceled");
    ScriptResult post =
        new PostProcessor(ScriptLimits.DEFAULT)
            .run(work.postProcessing(), exit, spool, new LinkedHashMap<>(outputs));
    if (!post.commandOut().isEmpty()) append(spool, masker.mask(post.commandOut()));
    Map<String, String> outputs = new LinkedHashMap<>();
    post.outputs().forEach((k, v) -> outputs.put(k, masker.mask(v)));
    outputs.put("exitCode", String.valueOf(exit));
    String message =
        post.error() != null
            ? masker.mask(post.error())
            : post.success() ? null : "exit code " + exit;
    return result(attempt, post.success() ? "SUCCEEDED" : "FAILED", outputs, message);
  }

  private static void copy(Process p, Path spool, Masker masker) {
    try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter w =
            Files.newBufferedWriter(spool, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      String line;
      while ((line = r.readLine()) != null) {
        w.write(masker.mask(line));
        w.write('\n');
        if (!r.ready()) w.flush(); // flush when the process pauses, so the log is live
      }
    } catch (IOException e) {
      LOG.warn("reading step output: {}", e.toString());
    }
  }

  private static void append(Path spool, String text) throws IOException {
    Files.writeString(spool, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static Map<String, Object> result(
      int attempt, String state, Map<String, String> outputs, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempt", attempt);
    m.put("state", state);
    m.put("outputs", outputs);
    m.put("message", message);
    return m;
  }
}

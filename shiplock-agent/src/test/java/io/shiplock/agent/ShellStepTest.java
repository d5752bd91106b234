package io.shiplock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.api.AgentStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolved script of a {@code shell} step may hold secure values: its file is readable by the
 * agent's user only from the moment it exists, and it is gone when the step ends, however it ends.
 */
class ShellStepTest {
  @TempDir Path work;

  @Test
  void theScriptIsOwnerOnlyWhileItRunsAndGoneWhenItFails() throws Exception {
    Path runDir = work.resolve("request-1");
    Files.createDirectories(runDir);
    int exit =
        new ShellStep().run(context(runDir, "stat -c %a \"$0\" > mode.txt; exit 4", p -> {}));
    assertThat(exit).isEqualTo(4);
    assertThat(Files.readString(runDir.resolve("mode.txt")).trim()).isEqualTo("600");
    assertThat(scripts()).isZero();
  }

  @Test
  void theScriptIsGoneWhenTheStepIsStoppedWhileItRuns() throws Exception {
    Path runDir = work.resolve("request-2");
    Files.createDirectories(runDir);
    AtomicReference<Process> process = new AtomicReference<>();
    Thread step =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    new ShellStep().run(context(runDir, "touch started; sleep 30", process::set));
                  } catch (IOException | InterruptedException e) {
                    // the interruption is the test: a timeout or a cancel stops the step this way
                  }
                });
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(runDir.resolve("started")));
    assertThat(scripts()).isEqualTo(1);
    process.get().destroyForcibly();
    step.interrupt();
    step.join(Duration.ofSeconds(10));
    assertThat(step.isAlive()).isFalse();
    assertThat(scripts()).isZero();
  }

  @Test
  void scriptsLeftByADeadAgentAreRemovedWhenTheAgentStarts() throws Exception {
    Path runDir = Files.createDirectories(work.resolve("request-3"));
    Files.writeString(runDir.resolve(".step-9.script"), "echo secret");
    Files.writeString(runDir.resolve(".step-9-1.log"), "kept");
    Files.writeString(runDir.resolve("app.script"), "a file of the deployment, kept");
    ShellStep.removeLeftoverScripts(work);
    assertThat(scripts()).isZero();
    assertThat(runDir.resolve(".step-9-1.log")).exists();
    assertThat(runDir.resolve("app.script")).exists();
  }

  private long scripts() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(".step-"))
          .filter(f -> f.getFileName().toString().endsWith(".script"))
          .count();
    }
  }

  private static AgentStep.Context context(Path runDir, String script, Consumer<Process> started) {
    return new AgentStep.Context() {
      @Override
      public Map<String, Object> with() {
        return Map.of("script", script);
      }

      @Override
      public Path runDir() {
        return runDir;
      }

      @Override
      public long stepId() {
        return 5;
      }

      @Override
      public String stepName() {
        return "run";
      }

      @Override
      public long requestId() {
        return 1;
      }

      @Override
      public void println(String line) {}

      @Override
      public Consumer<Process> processes() {
        return started;
      }

      @Override
      public void output(String name, String value) {}

      @Override
      public void onCancel(Runnable action) {}

      @Override
      public Path versionDir() {
        return runDir.resolve("versions");
      }
    };
  }
}

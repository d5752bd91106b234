package io.shiplock.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.agent.step.StepContext;
import io.shiplock.api.AgentStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs file steps against a real directory and reads what they left. */
final class Fixture {
  final Path runDir;

  Fixture(Path runDir) {
    this.runDir = runDir;
  }

  StepContext run(String type, int expectedExit, Map<String, Object> with) {
    AgentStep step =
        FileSteps.all().stream()
            .filter(s -> s.declaration().name().equals(type))
            .findFirst()
            .orElseThrow();
    return run(step, expectedExit, with);
  }

  StepContext run(AgentStep step, int expectedExit, Map<String, Object> with) {
    StepContext ctx = new StepContext(runDir, with);
    try {
      assertThat(step.run(ctx)).as(ctx.log()).isEqualTo(expectedExit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return ctx;
  }

  Path write(String rel, String content) {
    Path f = runDir.resolve(rel);
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return f;
  }

  /** The files under a directory of the run, relative, sorted. */
  List<String> files(String rel) {
    Path base = runDir.resolve(rel);
    try (Stream<Path> s = Files.walk(base)) {
      return s.filter(Files::isRegularFile)
          .map(p -> base.relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark programs (bench/*.java) are launched from source against the distribution, so
 * nothing else compiles them: a change to a server API they call would break them silently until
 * someone measures. Each is compiled here as bench/lib.sh's bench_compile does, with
 * bench/Wire.java.
 */
class BenchSourcesTest {
  private static final Path BENCH = Path.of("../bench");

  @Test
  void everyBenchProgramCompilesAgainstTheCurrentModules(@TempDir Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // Surefire runs the tests through a jar that only names the class path; this is the real one.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Path> programs;
    try (Stream<Path> files = Files.list(BENCH)) {
      programs =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !f.getFileName().toString().equals("Wire.java"))
              .sorted()
              .toList();
    }
    assertThat(programs).as("bench programs in " + BENCH.toAbsolutePath()).hasSizeGreaterThan(5);
    for (Path program : programs) {
      Path classes = Files.createDirectories(out.resolve(program.getFileName().toString()));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-nowarn",
                  "-proc:none",
                  "-d",
                  classes.toString(),
                  "-cp",
                  classPath + File.pathSeparator + classes));
      args.add(BENCH.resolve("Wire.java").toString());
      args.add(program.toString());
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int code = javac.run(null, errors, errors, args.toArray(String[]::new));
      assertThat(code)
          .as(program + " does not compile:\n" + errors.toString(StandardCharsets.UTF_8))
          .isZero();
    }
  }
}

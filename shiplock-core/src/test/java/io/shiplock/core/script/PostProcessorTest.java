package io.shiplock.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PostProcessorTest {
  private static final ScriptLimits FAST =
      new ScriptLimits(Duration.ofSeconds(2), 32L << 20, 64 * 1024);
  private final PostProcessor processor = new PostProcessor(FAST);
  @TempDir Path dir;

  private Path output(String text) throws IOException {
    Path p = dir.resolve("out.log");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void theDefaultScriptSucceedsOnExitCodeZero() throws IOException {
    assertThat(processor.run(null, 0, output("")).success()).isTrue();
    ScriptResult failed = processor.run("", 3, output(""));
    assertThat(failed.success()).isFalse();
    assertThat(failed.error()).isNull();
  }

  @Test
  void withoutAScriptTheResultIsWhatTheDefaultScriptGives() throws IOException {
    var outputs = Map.of("imageId", "sha256:abc");
    for (int exit : new int[] {0, 1, 137}) {
      ScriptResult fast = processor.run(null, exit, output("x\n"), outputs);
      ScriptResult scripted =
          processor.run(PostProcessor.DEFAULT_SCRIPT, exit, output("x\n"), outputs);
      assertThat(fast).isEqualTo(scripted);
      assertThat(fast.outputs()).containsEntry("imageId", "sha256:abc");
    }
  }

  /** UCD's documented example post-processing script, unchanged. */
  private static final String UCD_EXAMPLE =
      """
      var exit = properties.get('exitCode');

      scanner.register("(?i)ERROR at line",  function(lineNumber, line) {
          var errors = properties.get("Error");
          if (errors == null) {
              errors = new java.util.ArrayList();
              properties.put("Error", errors);
          }
          errors.add(line);

          commandOut.println("Received Error");
          commandOut.println(lineNumber.toString() + " : " + line);
      });

      if (exit == 0) {
          properties.put('Status', 'Success');
      }
      else {
           properties.put('Status', 'Failure');
      }

      scanner.scan();

      var errors = properties.get("Error");
      if (errors == null) {
          errors = new java.util.ArrayList();
      }
      properties.put("Error", errors.toString());
      """;

  /** A user met "FAILED — exit code 0": the reason is the script's verdict, and it says so. */
  @Test
  void aFailureTheScriptDecidesSaysSoNotExitCodeZero() throws IOException {
    ScriptResult r = processor.run("properties.put('Status', 'Failure');", 0, output("all good\n"));
    assertThat(r.success()).isFalse();
    assertThat(r.error())
        .isEqualTo("the post-processing script set Status to 'Failure' (exit code 0)");
  }

  @Test
  void ucdsDocumentedExampleRunsUnchanged() throws IOException {
    ScriptResult r =
        processor.run(UCD_EXAMPLE, 0, output("ok\nERROR at line 7: boom\nfine\nerror AT LINE 9\n"));
    assertThat(r.error()).isNull();
    assertThat(r.success()).isTrue();
    assertThat(r.outputs()).containsEntry("Error", "[ERROR at line 7: boom, error AT LINE 9]");
    assertThat(r.commandOut())
        .contains("Received Error\n2 : ERROR at line 7: boom\n")
        .contains("4 : error AT LINE 9");
  }

  /**
   * IBM's post-processing page (comp_postProcess, 7.0.4) registers a scanner and never calls
   * scanner.scan(), and users copy it: the scan runs after the script, as UCD runs it. Before, the
   * script silently set nothing.
   */
  @Test
  void ibmsExampleWithoutScanStillScans() throws IOException {
    String script =
        """
        var exit = properties.get('exitCode');
         scanner.register("^myProp:", function(lineNumber, line) {
              properties.put('myProp', line.substring(7))
         });
         if (exit == 0) {
             properties.put('Status', 'Success');
         }
         else{
            properties.put('Status', 'Failure');
         }
        """;
    ScriptResult r = processor.run(script, 0, output("building\nmyProp:blue\ndone\n"));
    assertThat(r.success()).isTrue();
    assertThat(r.outputs()).containsEntry("myProp", "blue");
  }

  /** A script that scans itself is not scanned a second time after it. */
  @Test
  void aScriptThatScansIsScannedOnce() throws IOException {
    String script =
        """
        var hits = 0;
        scanner.register("hit", function(n, line) { hits++; properties.put("hits", hits); });
        scanner.scan();
        properties.put("Status", "Success");
        """;
    ScriptResult r = processor.run(script, 0, output("hit\nmiss\nhit\n"));
    assertThat(r.outputs()).containsEntry("hits", "2");
  }

  @Test
  void scannedValuesBecomeOutputs() throws IOException {
    String script =
        """
        scanner.register("Successfully built ([0-9a-f]+)", function(n, line) {
          properties.put("imageId", line.match(/Successfully built ([0-9a-f]+)/)[1]);
        });
        scanner.scan();
        properties.put("Status", properties.get("imageId") ? "Success" : "Failure");
        """;
    ScriptResult r = processor.run(script, 0, output("Step 1/2\nSuccessfully built 4f2a9c\n"));
    assertThat(r.success()).isTrue();
    assertThat(r.outputs()).containsExactly(Map.entry("imageId", "4f2a9c"));
  }

  @Test
  void aScriptThatForgetsStatusFailsWithAReason() throws IOException {
    ScriptResult r = processor.run("var x = 1;", 0, output(""));
    assertThat(r.success()).isFalse();
    assertThat(r.error()).contains("did not set properties.Status");
  }

  @Test
  void aHundredMegabytesOfOutputIsScannedLineByLine() throws IOException {
    Path big = dir.resolve("big.log");
    try (var w = Files.newBufferedWriter(big)) {
      String line = "x".repeat(99) + "\n";
      for (int i = 0; i < 1_000_000; i++) w.write(line);
      w.write("DONE 42\n");
    }
    String script =
        "var n = 0; scanner.register('^DONE (\\\\d+)', function(i, l) { properties.put('done', l.substring(5)); properties.put('line', i); });"
            + " scanner.scan(); properties.put('Status', 'Success');";
    ScriptResult r =
        new PostProcessor(new ScriptLimits(Duration.ofSeconds(60), 32L << 20, 1024))
            .run(script, 0, big);
    assertThat(r.error()).isNull();
    assertThat(r.outputs()).containsEntry("done", "42").containsEntry("line", "1000001");
  }

  static Stream<Path> escapes() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/escapes"))) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void escapeAttemptsAreRefusedOrContained(Path script) throws IOException {
    long t0 = System.nanoTime();
    ScriptResult r = processor.run(Files.readString(script), 0, output("line\n"));
    assertThat(r.success()).as("%s must not succeed", script.getFileName()).isFalse();
    assertThat(r.error()).as(script.getFileName().toString()).isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(Path.of("/tmp/shiplock-pwned")).doesNotExist();
  }
}

package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command, as a process on a fresh home: the whole demo to its summary. */
class DemoEndToEndTest {
  @BeforeAll
  static void docker() {
    DockerAvailable.require();
  }

  @Test
  void theDemoRunsThePipelineAndShowsTheGateRefusingTheBrokenVersion(@TempDir Path dir)
      throws Exception {
    Map<String, String> env =
        Map.of(
            "SHIPLOCK_CONFIG_DIR", dir.resolve("config").toString(),
            "SHIPLOCK_EXAMPLE",
                Path.of("../examples/continuous-test-services").toAbsolutePath().toString(),
            "SHIPLOCK_EXAMPLE_SOURCE",
                Path.of("../examples/simple-topology-service").toAbsolutePath().toString());
    try (JavaProcess demo =
        JavaProcess.start(
            dir.resolve("demo.log"),
            env,
            List.of("-Xmx512m"),
            "demo",
            "--exit",
            "--port",
            "0",
            "--home",
            dir.resolve("home").toString())) {
      int code = demo.waitFor(Duration.ofMinutes(3));
      String out = demo.output();
      assertThat(code).as(out).isZero();
      assertThat(out)
          .containsPattern("statuses of [0-9a-f]{10}: FunctionalRegressionPassed")
          .containsPattern("statuses of [0-9a-f]{10}: FunctionalRegressionFailed")
          .containsPattern(
              "refused: the gate of environment 'Production' refuses SimpleTopologyService [0-9a-f]{10}: missing status FunctionalRegressionPassed")
          .contains("Production answers: {\"name\": \"clm-basic\"")
          .containsPattern(
              "Production +leanjazz-production\\S* +SimpleTopologyService +[0-9a-f]{10} +Loaded,Running ")
          .containsPattern("request \\d+ WAITING_APPROVAL: release-managers must approve")
          .contains("/approve/")
          .contains("/ui/apps/ContinuousTestServices")
          .contains("Done in");
      assertThat(dir.resolve("config/credentials.json")).exists();
    }
  }
}

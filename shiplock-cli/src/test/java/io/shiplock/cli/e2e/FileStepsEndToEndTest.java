package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process shaped like an imported UCD one (Download Artifacts, Unzip, then a script), against a
 * real server and agent: the version's files are uploaded with the CLI, the agent places them, and
 * the file steps take only what their patterns select.
 */
class FileStepsEndToEndTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: worker
      ---
      kind: Component
      name: Svc
      processes:
        - name: deploy
          steps:
            - {name: fetch, type: files.download, with: {dir: deploy, includes: ["*.zip", "bin/"]}}
            - {name: unpack, type: files.unzip, with: {zip: ["deploy/*.zip"], dir: deploy/app}}
            - {name: start, type: shell, with: {script: "deploy/bin/start.sh && cat deploy/app/conf.txt"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: deploy
          steps:
            - {name: deploy, type: component.install, with: {component: Svc, process: deploy}}
      ---
      kind: Environment
      application: App
      name: Dev
      resources:
        - agent: worker
          children: [{component: Svc}]
      """;

  @TempDir Path work;
  @TempDir Path build;
  private InProcessPipeline pipeline;

  @BeforeEach
  void start() {
    pipeline = new InProcessPipeline(work, CONFIG, "worker");
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void aVersionsFilesAreDownloadedUnzippedAndRun() throws IOException {
    Path script = build.resolve("bin/start.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\necho started\n");
    assertThat(script.toFile().setExecutable(true, false)).isTrue();
    Files.writeString(build.resolve("readme.txt"), "not deployed");
    try (ZipOutputStream zip =
        new ZipOutputStream(Files.newOutputStream(build.resolve("app.zip")))) {
      zip.putNextEntry(new ZipEntry("conf.txt"));
      zip.write("hello from the zip\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    CliRunner.Run created =
        CliRunner.exec(
            null,
            "versions",
            "create",
            "--component",
            "Svc",
            "--name",
            "1.0",
            "--from",
            build.toString(),
            "--server=" + pipeline.server.url(),
            "--token=" + pipeline.token);
    assertThat(created.code()).as(created.err()).isZero();

    long id =
        pipeline
            .post(
                "/api/v1/requests",
                "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \"deploy\","
                    + " \"versions\": {\"Svc\": \"1.0\"}}")
            .json()
            .get("id")
            .asLong();
    JsonNode request = pipeline.awaitEnd(id);
    assertThat(request.get("state").asText()).as(request.toString()).isEqualTo("SUCCEEDED");
    assertThat(log(request, "fetch")).contains("copied 2 files");
    assertThat(log(request, "unpack")).contains("extracted 1 file");
    assertThat(log(request, "start")).contains("started", "hello from the zip");
    Path deployed = work.resolve("request-" + id).resolve("deploy");
    assertThat(deployed.resolve("app/conf.txt")).exists();
    assertThat(deployed.resolve("readme.txt")).doesNotExist();
  }

  private String log(JsonNode request, String name) {
    for (JsonNode s : request.get("steps"))
      if (s.get("name").asText().equals(name))
        return pipeline.get("/api/v1/steps/" + s.get("id").asLong() + "/log").get("data").asText();
    throw new AssertionError("no step " + name + " in " + request);
  }
}

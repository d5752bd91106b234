package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry source against the real registry: one version per matching tag, once each. */
class RegistrySourceTest {
  private static final String REPO =
      "shiplock-test/regsrc-" + UUID.randomUUID().toString().substring(0, 6);

  @TempDir Path dir;

  @BeforeAll
  static void docker() {
    DockerAvailable.require();
  }

  private static void push(String tag) throws Exception {
    String ref = "localhost:5000/" + REPO + ":" + tag;
    for (String[] cmd :
        new String[][] {
          {"/usr/bin/docker", "tag", "shiplock/busybox:local", ref},
          {"/usr/bin/docker", "push", ref},
          {"/usr/bin/docker", "rmi", ref}
        }) {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
  }

  @Test
  void tagsThatMatchBecomeVersionsOnce() throws Exception {
    push("1.0");
    push("1.1");
    push("latest");
    String config =
        """
        kind: Component
        name: Img
        ---
        kind: Source
        name: img-tags
        component: Img
        registry: {url: "http://localhost:5000", repository: "%s", tagFilter: "\\\\d+\\\\.\\\\d+"}
        ---
        kind: Source
        name: missing
        component: Img
        registry: {url: "http://localhost:5000", repository: "shiplock-test/no-such-repo"}
        """
            .formatted(REPO);
    try (InProcessPipeline p =
        new InProcessPipeline(dir, "kind: Agent\nname: worker\n---\n" + config, "worker")) {
      JsonNode first = p.post("/api/v1/components/Img/import", "").json();
      assertThat(first.toString())
          .contains("\"created\":[\"1.0\",\"1.1\"]")
          .contains("the registry has no repository shiplock-test/no-such-repo");
      JsonNode v = p.get("/api/v1/components/Img/versions/1.1");
      assertThat(v.at("/properties/image").asText()).isEqualTo("localhost:5000/" + REPO + ":1.1");
      assertThat(v.at("/properties/image.digest").asText()).startsWith("sha256:");
      push("1.2");
      assertThat(p.post("/api/v1/components/Img/import", "").json().toString())
          .contains("\"created\":[\"1.2\"]");
      assertThat(p.get("/api/v1/components/Img/versions")).hasSize(3);
    }
  }
}

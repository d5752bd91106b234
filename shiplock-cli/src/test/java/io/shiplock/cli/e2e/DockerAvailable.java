package io.shiplock.cli.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Docker engine (a swarm manager) and registry of {@code scripts/docker.sh}. Under the test
 * command ({@code SHIPLOCK_REQUIRE_DOCKER=1}) their absence fails; elsewhere the tests are skipped.
 */
final class DockerAvailable {
  private DockerAvailable() {}

  static void require() {
    String problem = null;
    if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null)
      problem = "no Docker engine";
    else if (!up("http://localhost:5000/v2/")) problem = "no registry on localhost:5000";
    else if (!swarm()) problem = "the Docker engine is not in a swarm (docker swarm init)";
    if (problem != null && System.getenv("SHIPLOCK_REQUIRE_DOCKER") != null)
      throw new AssertionError(problem + "; scripts/docker.sh provides it");
    assumeTrue(problem == null, "skipped: run scripts/docker.sh");
  }

  /** The example's Swarm environment needs the engine to be a swarm manager. */
  private static boolean swarm() {
    try {
      Process p =
          new ProcessBuilder("/usr/bin/docker", "info", "--format", "{{.Swarm.ControlAvailable}}")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && out.equals("true");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean up(String url) {
    try {
      return HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (Exception e) {
      return false;
    }
  }
}

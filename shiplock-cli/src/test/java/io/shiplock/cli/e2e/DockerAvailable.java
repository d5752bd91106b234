package io.shiplock.cli.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Docker engine and registry of {@code scripts/docker.sh}. Under the test command ({@code
 * SHIPLOCK_REQUIRE_DOCKER=1}) their absence fails; elsewhere the tests are skipped.
 */
final class DockerAvailable {
  private DockerAvailable() {}

  static void require() {
    String problem = null;
    if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null)
      problem = "no Docker engine";
    else if (!up("http://localhost:5000/v2/")) problem = "no registry on localhost:5000";
    if (problem != null && System.getenv("SHIPLOCK_REQUIRE_DOCKER") != null)
      throw new AssertionError(problem + "; scripts/docker.sh provides it");
    assumeTrue(problem == null, "skipped: run scripts/docker.sh");
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

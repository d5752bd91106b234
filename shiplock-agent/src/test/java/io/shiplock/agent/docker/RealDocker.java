package io.shiplock.agent.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real Docker engine, registry and base image that {@code scripts/docker.sh} provides. Where
 * the test command runs ({@code SHIPLOCK_REQUIRE_DOCKER=1}) their absence fails the tests;
 * elsewhere (an IDE without Docker) the tests are skipped with the reason.
 */
final class RealDocker {
  static final String BASE = "shiplock/busybox:local";
  static final String REGISTRY =
      "localhost:" + System.getenv().getOrDefault("SHIPLOCK_REGISTRY_PORT", "5000");

  static final String PUBLIC =
      "localhost:" + System.getenv().getOrDefault("SHIPLOCK_PUBLIC_REGISTRY_PORT", "5001");

  private RealDocker() {}

  static void require() {
    String problem = null;
    try {
      ImageSteps.imageId(DockerEngine.shared(), BASE);
    } catch (RuntimeException e) {
      problem = "Docker engine or base image " + BASE + " missing (" + e.getMessage() + ")";
    }
    if (problem == null && !registryUp(REGISTRY)) problem = "no registry at " + REGISTRY;
    if (problem == null && !registryUp(PUBLIC)) problem = "no registry at " + PUBLIC;
    if (problem != null && System.getenv("SHIPLOCK_REQUIRE_DOCKER") != null)
      throw new AssertionError(problem + "; scripts/docker.sh provides them");
    assumeTrue(problem == null, () -> "skipped: run scripts/docker.sh");
  }

  /** As {@link #require}, and the engine is a swarm manager (scripts/docker.sh makes it one). */
  static void requireSwarm() {
    require();
    String problem = null;
    try {
      var info = DockerEngine.shared().client().infoCmd().exec().getSwarm();
      if (info == null || !Boolean.TRUE.equals(info.getControlAvailable()))
        problem = "the Docker engine is not a swarm manager";
    } catch (RuntimeException e) {
      problem = "cannot ask the Docker engine about its swarm (" + e.getMessage() + ")";
    }
    if (problem != null && System.getenv("SHIPLOCK_REQUIRE_DOCKER") != null)
      throw new AssertionError(problem + "; scripts/docker.sh runs docker swarm init");
    assumeTrue(problem == null, "skipped: " + problem + "; run scripts/docker.sh");
  }

  private static boolean registryUp(String registry) {
    try {
      HttpResponse<Void> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}

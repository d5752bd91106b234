package io.shiplock.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Docker engine this agent drives ({@code DOCKER_HOST}, else the default socket), and the
 * registry credentials that {@code docker.login} verified. Credentials live in this process's
 * memory only: never on disk, never in a log; an agent restart forgets them, so pipelines log in
 * before they push.
 */
final class DockerEngine {
  private static volatile DockerEngine shared;

  private final DockerClientConfig config;
  private final DockerClient client;
  private final Map<String, AuthConfig> logins = new ConcurrentHashMap<>();

  private DockerEngine() {
    this(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  /** An engine at a given address (tests use an unreachable one). */
  static DockerEngine at(String dockerHost) {
    return new DockerEngine(
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build());
  }

  private DockerEngine(DockerClientConfig config) {
    this.config = config;
    client =
        DockerClientImpl.getInstance(
            config,
            new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(50)
                .build());
  }

  /** One engine connection per agent, made when the first Docker step runs. */
  static DockerEngine shared() {
    DockerEngine e = shared;
    if (e == null) {
      synchronized (DockerEngine.class) {
        if (shared == null) shared = new DockerEngine();
        e = shared;
      }
    }
    return e;
  }

  DockerClient client() {
    return client;
  }

  String host() {
    return String.valueOf(config.getDockerHost());
  }

  void login(String registry, AuthConfig auth) {
    logins.put(registry, auth);
  }

  boolean logout(String registry) {
    return logins.remove(registry) != null;
  }

  /** The credentials for a registry, or none (anonymous). */
  AuthConfig auth(String registry) {
    AuthConfig a = logins.get(registry);
    return a != null ? a : new AuthConfig().withRegistryAddress(registry);
  }

  /**
   * One line for the step log that says what went wrong: the engine's own message for a refused
   * call, or that the engine cannot be reached at all.
   */
  // A cause that is the exception itself ends the chain: identity is the test.
  @SuppressWarnings("ReferenceEquality")
  String explain(RuntimeException e) {
    if (e instanceof DockerException d) {
      String body = d.getMessage() == null ? "" : d.getMessage();
      // docker-java prefixes "Status 404: {"message":"..."}"; keep the engine's sentence.
      int m = body.indexOf("\"message\":\"");
      if (m >= 0) body = body.substring(m + 11, Math.max(m + 11, body.lastIndexOf('"')));
      return "the Docker engine refused: " + body.strip() + " (HTTP " + d.getHttpStatus() + ")";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (root instanceof IOException)
      return "cannot reach the Docker engine at "
          + host()
          + " ("
          + root.getMessage()
          + "): start it (systemctl start docker, or dockerd) or set DOCKER_HOST to where it runs";
    return "Docker call failed: " + root;
  }
}

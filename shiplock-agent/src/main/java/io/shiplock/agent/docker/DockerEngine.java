package io.shiplock.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.shiplock.agent.step.StepFailure;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
  private final DockerHttpClient http;
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
    http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(5))
            .maxConnections(50)
            .build();
    client = DockerClientImpl.getInstance(config, http);
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

  /**
   * Updates a Swarm service through the Engine API's own JSON: its current spec as the engine has
   * it, changed by {@code change}, sent back with its version and {@code query} ({@code
   * rollback=previous} is {@code docker service rollback}, which docker-java has no call for). The
   * client's model is not round-tripped, so fields it does not know are kept.
   */
  void updateService(String name, String id, String query, Consumer<ObjectNode> change)
      throws IOException {
    JsonNode service;
    try (var r = http.execute(request("GET", "/services/" + id, null))) {
      service = answer(r, "inspect service " + name);
    }
    long version = service.path("Version").path("Index").asLong();
    if (!(service.get("Spec") instanceof ObjectNode spec))
      throw new StepFailure("the Docker engine answered service " + name + " without a spec");
    change.accept(spec);
    String q = "version=" + version + (query.isEmpty() ? "" : "&" + query);
    try (var r =
        http.execute(
            request("POST", "/services/" + id + "/update?" + q, JSON.writeValueAsBytes(spec)))) {
      answer(r, "update service " + name);
    }
  }

  /** A short digest of a service spec as this client would send it. */
  String fingerprint(Object spec) throws IOException {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(spec));
      return HexFormat.of().formatHex(sha, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static DockerHttpClient.Request request(String method, String path, byte[] body) {
    var b = DockerHttpClient.Request.builder().method(method).path(path);
    if (body != null) b.putHeader("Content-Type", "application/json").bodyBytes(body);
    return b.build();
  }

  private static JsonNode answer(DockerHttpClient.Response r, String what) throws IOException {
    byte[] body = r.getBody() == null ? new byte[0] : r.getBody().readAllBytes();
    JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    if (r.getStatusCode() / 100 != 2)
      throw new StepFailure(
          "the Docker engine refused to "
              + what
              + ": "
              + json.path("message").asText("HTTP " + r.getStatusCode())
              + " (HTTP "
              + r.getStatusCode()
              + ")");
    return json;
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

package io.shiplock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the protocol. Calls that carry results or logs are retried with backoff until
 * the server takes them, so a server restart loses nothing the agent still holds.
 */
final class ServerClient {
  private static final Logger LOG = LoggerFactory.getLogger(ServerClient.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String server;
  private final String token;
  private volatile boolean stopping;

  ServerClient(String server, String token) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.token = token;
  }

  void stop() {
    stopping = true;
  }

  /** A refusal the server means (4xx): retrying would not help. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  JsonNode call(String method, String path, Object body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 400 && r.statusCode() < 500) {
      String message = r.body();
      try {
        message = JSON.readTree(r.body()).path("message").asText(r.body());
      } catch (IOException ignored) {
        // not JSON; keep the body
      }
      throw new Refused(r.statusCode(), message);
    }
    if (r.statusCode() >= 500) throw new IOException("server answered " + r.statusCode());
    return JSON.readTree(r.body());
  }

  /**
   * Calls until the server answers (not 5xx, not unreachable); a 4xx is thrown as {@link Refused}.
   */
  JsonNode reliably(String method, String path, Object body) throws InterruptedException {
    long backoff = 250;
    while (true) {
      try {
        return call(method, path, body, Duration.ofSeconds(30));
      } catch (IOException e) {
        if (stopping) throw new InterruptedException("agent stopping");
        LOG.warn("{} {} failed ({}); retrying in {} ms", method, path, e.toString(), backoff);
        Thread.sleep(backoff);
        backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
      }
    }
  }
}

package io.shiplock.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the protocol. Calls that carry results or logs are retried with backoff until
 * the server takes them, so a server restart loses nothing the agent still holds.
 *
 * <p>HttpURLConnection rather than java.net.http.HttpClient: for plain http it loads no TLS stack
 * and no selector machinery, a few hundred classes fewer in a process that mostly sleeps in a long
 * poll (docs/benchmarks.md, agent memory). The JDK pools keep-alive connections.
 */
final class ServerClient {
  private static final Logger LOG = LoggerFactory.getLogger(ServerClient.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  private final List<String> servers;
  private final String token;
  private final ServerTrust trust;
  private volatile boolean stopping;
  private volatile int current;

  ServerClient(List<String> servers, String token, ServerTrust trust) {
    this.servers =
        servers.stream().map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
    this.token = token;
    this.trust = trust;
  }

  ServerClient(String server, String token) {
    this(List.of(server), token, ServerTrust.system());
  }

  /** A connection to {@code server + path}; https ones verify the server as {@link #trust} says. */
  private HttpURLConnection open(String server, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(server + path).toURL().openConnection();
    if (c instanceof HttpsURLConnection https) https.setSSLSocketFactory(trust.socketFactory());
    return c;
  }

  /**
   * The server's certificate was refused: retried as an unreachable server is (the operator may fix
   * the certificate or the agent's --ca), with a message that says which server and why.
   */
  static final class Untrusted extends IOException {
    private static final long serialVersionUID = 1L;

    Untrusted(String server, String reason, Throwable cause) {
      super("refusing server " + server + ": " + reason, cause);
    }
  }

  private IOException described(String server, IOException e) {
    return e instanceof SSLHandshakeException refused
        ? new Untrusted(server, trust.explain(refused), refused)
        : e;
  }

  /** The server URL calls go to now. */
  String server() {
    return servers.get(current);
  }

  /**
   * The server did not answer (unreachable, or a 5xx): the next call goes to the next URL, so an
   * agent given several nodes carries on with another when one dies. Every call that carries a
   * result or a log is retried until taken, whichever node takes it (the server applies a result
   * once per step and attempt).
   */
  private void failed(String server) {
    if (servers.size() < 2) return;
    synchronized (this) {
      if (!servers.get(current).equals(server)) return; // another call moved on already
      current = (current + 1) % servers.size();
    }
    LOG.warn("server {} does not answer; going on with {}", server, servers.get(current));
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

  Map<String, Object> call(String method, String path, Object body, Duration timeout)
      throws IOException, InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    String server = server();
    HttpURLConnection c = open(server, path);
    try {
      c.setConnectTimeout(5_000);
      c.setReadTimeout((int) timeout.toMillis());
      c.setRequestMethod(method);
      c.setRequestProperty("Authorization", "Bearer " + token);
      if (body != null) {
        byte[] bytes = MiniJson.write(body).getBytes(StandardCharsets.UTF_8);
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(bytes);
        }
      }
      int status = c.getResponseCode();
      String text;
      try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
        text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (status >= 400 && status < 500) throw new Refused(status, message(text));
      if (status >= 500) throw new IOException("server answered " + status);
      try {
        return MiniJson.object(text);
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new IOException("the server answered something that is not a JSON object", e);
      }
    } catch (IOException e) {
      c.disconnect(); // a broken connection must not go back to the pool
      failed(server);
      throw described(server, e);
    }
  }

  /** Downloads a resource to a file (replacing it); 4xx is {@link Refused}. */
  void download(String path, Path target) throws IOException {
    String server = server();
    HttpURLConnection c = open(server, path);
    try {
      c.setConnectTimeout(5_000);
      c.setReadTimeout(60_000);
      c.setRequestProperty("Authorization", "Bearer " + token);
      int status = c.getResponseCode();
      if (status >= 400) {
        String text;
        try (InputStream in = c.getErrorStream()) {
          text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (status < 500) throw new Refused(status, message(text));
        throw new IOException("server answered " + status);
      }
      try (InputStream in = c.getInputStream()) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      c.disconnect();
      failed(server);
      throw described(server, e);
    }
  }

  private static String message(String body) {
    try {
      Object m = MiniJson.object(body).get("message");
      return m == null ? body : String.valueOf(m);
    } catch (IllegalArgumentException | IndexOutOfBoundsException notJson) {
      return body;
    }
  }

  /**
   * Downloads until the server answers, as {@link #reliably}: a step that starts while the server
   * is down waits for it instead of failing (the server restarting is no reason to fail a step).
   */
  void downloadReliably(String path, Path target) throws InterruptedException {
    long backoff = 250;
    while (true) {
      try {
        download(path, target);
        return;
      } catch (IOException e) {
        if (stopping) throw new InterruptedException("agent stopping");
        LOG.warn("GET {} failed ({}); retrying in {} ms", path, e.toString(), backoff);
        Thread.sleep(backoff);
        backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
      }
    }
  }

  /**
   * Calls until the server answers (not 5xx, not unreachable); a 4xx is thrown as {@link Refused}.
   */
  Map<String, Object> reliably(String method, String path, Object body)
      throws InterruptedException {
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

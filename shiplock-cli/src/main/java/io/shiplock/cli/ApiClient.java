package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.agent.ServerTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * The REST API as the CLI sees it: JSON in and out, API errors turned into {@link CliException}.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String server;
  private final String token;
  private final ServerTrust trust;

  ApiClient(String server, String token) {
    this(server, token, ServerTrust.system());
  }

  /** A client of {@code server} that believes an https server as {@code trust} says. */
  ApiClient(String server, String token, ServerTrust trust) {
    this.server = server;
    this.token = token;
    this.trust = trust;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    // Only an https server needs the context (the system's, or one of $SHIPLOCK_CA's CAs).
    if (server.startsWith("https:")) b.sslContext(trust.context());
    this.http = b.build();
  }

  String server() {
    return server;
  }

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  JsonNode get(String path) {
    return parse(send("GET", path, null));
  }

  String getText(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, Object body) {
    return parse(send("POST", path, body));
  }

  JsonNode put(String path, Object body) {
    return parse(send("PUT", path, body));
  }

  JsonNode delete(String path) {
    return parse(send("DELETE", path, null));
  }

  /** Uploads a file as a content blob (PUT /api/v1/blobs/{digest}). */
  void putBlob(String digest, Path file) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(server + "/api/v1/blobs/" + digest))
              .timeout(Duration.ofMinutes(30))
              .header("Content-Type", "application/octet-stream")
              .PUT(HttpRequest.BodyPublishers.ofFile(file));
      if (token != null) b.header("Authorization", "Bearer " + token);
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) throw error(r);
    } catch (ConnectException e) {
      throw new CliException("cannot reach the Shiplock server at " + server);
    } catch (SSLHandshakeException e) {
      throw untrusted(e);
    } catch (IOException e) {
      throw new CliException("upload of " + file + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  /**
   * POSTs to {@code path} and writes the answer's body to {@code file} as it arrives (a backup is
   * as large as the server's data); an error answer is read from the file and thrown.
   */
  void download(String path, Path file) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(server + path))
              .timeout(Duration.ofHours(12))
              .POST(HttpRequest.BodyPublishers.noBody());
      if (token != null) b.header("Authorization", "Bearer " + token);
      HttpResponse<Path> r = http.send(b.build(), HttpResponse.BodyHandlers.ofFile(file));
      if (r.statusCode() >= 400) {
        String body = Files.readString(file, StandardCharsets.UTF_8);
        Files.deleteIfExists(file);
        throw error(r.statusCode(), body);
      }
    } catch (ConnectException e) {
      throw new CliException(
          "cannot reach the Shiplock server at " + server + " (is it running? see --server)");
    } catch (IOException e) {
      throw new CliException("download from " + server + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid server URL '" + server + "': " + e.getMessage());
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new CliException("the server sent something that is not JSON: " + e.getMessage());
    }
  }

  private String send(String method, String path, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofMinutes(5));
      if (token != null) b.header("Authorization", "Bearer " + token);
      if (body != null) {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) throw error(r);
      return r.body();
    } catch (ConnectException e) {
      throw new CliException(
          "cannot reach the Shiplock server at " + server + " (is it running? see --server)");
    } catch (SSLHandshakeException e) {
      throw untrusted(e);
    } catch (IOException e) {
      throw new CliException("request to " + server + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid server URL '" + server + "': " + e.getMessage());
    }
  }

  private CliException untrusted(SSLHandshakeException e) {
    return new CliException("refusing the server " + server + ": " + trust.explain(e));
  }

  private CliException error(HttpResponse<String> r) {
    return error(r.statusCode(), r.body());
  }

  private CliException error(int status, String body) {
    try {
      JsonNode e = JSON.readTree(body);
      List<String> details = new ArrayList<>();
      for (JsonNode d : e.path("details")) {
        details.add(d.has("text") ? d.get("text").asText() : d.toString());
      }
      String message = e.path("message").asText("HTTP " + status);
      if (status == 401 && token == null) {
        message += " — run 'shiplock login --user NAME --password-stdin' or pass --token";
      }
      return new CliException(message, details);
    } catch (IOException notJson) {
      return new CliException("HTTP " + status + " from " + server);
    }
  }
}

package io.shiplock.server.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.script.BoundedRegex;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a repository's tags through the Registry HTTP API v2 ({@code GET /v2/NAME/tags/list}, then
 * each tag's manifest digest), as UCD's Docker source does: one version per tag that matches the
 * source's filter. With credentials, requests carry HTTP basic authentication.
 */
final class RegistryTags {
  record Tag(String name, String digest) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RUNS = Pattern.compile("\\d+|\\D+");
  private static final String MANIFESTS =
      "application/vnd.docker.distribution.manifest.v2+json,"
          + " application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json,"
          + " application/vnd.oci.image.index.v1+json";

  // Made on first use: a client costs a server's start 50 – 200 ms (its TLS context, the trust
  // store) and most servers never read a registry's tags.
  private HttpClient http;

  // Never follows a redirect: the registry's address is the one the server allowed.
  private synchronized HttpClient http() {
    if (http == null)
      http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    return http;
  }

  /**
   * The failures name the status and the host, never the answer's body: a source pointed at an
   * internal service must not read it out on the source's state.
   */
  List<Tag> tags(SourceSpec s, SourceAccess.Origin origin, String password)
      throws IOException, InterruptedException {
    String at = origin.host() + ":" + origin.port();
    String base =
        s.registryUrl().endsWith("/")
            ? s.registryUrl().substring(0, s.registryUrl().length() - 1)
            : s.registryUrl();
    String auth =
        s.username() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (s.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> list =
        http()
            .send(
                request(base + "/v2/" + s.repository() + "/tags/list", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    if (list.statusCode() == 404)
      throw new SourceFailure("the registry at " + at + " has no repository " + s.repository());
    if (list.statusCode() == 401)
      throw new SourceFailure(
          s.username() == null
              ? "the registry at " + at + " wants credentials to list " + s.repository()
              : "the registry at " + at + " refused the credentials of " + s.username());
    if (list.statusCode() / 100 == 3)
      throw new SourceFailure(
          "the registry at "
              + at
              + " answered "
              + list.statusCode()
              + " (a redirect; not followed: set the registry url to where it points)");
    if (list.statusCode() != 200)
      throw new SourceFailure(
          "the registry at " + at + " answered " + list.statusCode() + " for " + s.repository());
    List<String> tags = new ArrayList<>();
    JsonNode answer;
    try {
      answer = JSON.readTree(list.body());
    } catch (JsonProcessingException e) {
      throw new SourceFailure(
          "the registry at " + at + " answered 200 with a tag list that is not JSON");
    }
    answer.path("tags").forEach(t -> tags.add(t.asText()));
    tags.sort(RegistryTags::naturally); // 1.2 before 1.10: versions appear in release order
    List<Tag> out = new ArrayList<>();
    for (String tag : tags) {
      if (s.tagFilter() != null && !tagMatches(s.tagFilter(), tag)) continue;
      HttpResponse<Void> head =
          http()
              .send(
                  request(base + "/v2/" + s.repository() + "/manifests/" + tag, auth)
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .header("Accept", MANIFESTS)
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      if (head.statusCode() == 404) continue; // deleted between the list and now
      out.add(new Tag(tag, head.headers().firstValue("Docker-Content-Digest").orElse(null)));
    }
    return out;
  }

  /** A tag filter is a user's regex run on every poll: bounded so one cannot pin a thread. */
  static final Duration TAG_FILTER_TIME = Duration.ofMillis(100);

  static boolean tagMatches(String filter, String tag) throws IOException {
    try {
      return BoundedRegex.matches(filter, tag, TAG_FILTER_TIME);
    } catch (BoundedRegex.TooSlow e) {
      throw new IOException("tagFilter: " + e.getMessage() + " on tag '" + tag + "'");
    }
  }

  private static HttpRequest.Builder request(String url, String auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    return auth == null ? b : b.header("Authorization", auth);
  }

  /** Compares runs of digits as numbers and the rest as text. */
  static int naturally(String a, String b) {
    Matcher pa = RUNS.matcher(a);
    Matcher pb = RUNS.matcher(b);
    while (pa.find() && pb.find()) {
      String x = pa.group();
      String y = pb.group();
      int c =
          Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))
              ? new BigInteger(x).compareTo(new BigInteger(y))
              : x.compareTo(y);
      if (c != 0) return c;
    }
    return Integer.compare(a.length(), b.length());
  }
}

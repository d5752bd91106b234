package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.security.Tokens;
import io.shiplock.core.store.Store;
import io.shiplock.server.sources.GitImporter;
import io.shiplock.server.sources.WebhookSignatures;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Imports from a component's sources: on demand, and when a git server's push webhook arrives. */
final class SourceHandlers {
  private final Store store;
  private final GitImporter importer;
  private final SecretBox secrets;
  private final Clock clock;

  SourceHandlers(Store store, GitImporter importer, SecretBox secrets, Clock clock) {
    this.clock = clock;
    this.store = store;
    this.importer = importer;
    this.secrets = secrets;
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/api/v1/components/{component}/import",
                "Imports new commits or registry tags from the component's sources now; lists the versions made.",
                this::importNow)
            .needs(Permission.REQUEST),
        Route.get(
            "/api/v1/components/{component}/sources",
            "The component's sources with their import state (last commit, last check, last error).",
            this::state),
        new Route(
            HandlerType.POST,
            "/api/v1/hooks/git/{source}",
            Access.HOOK,
            "A push webhook from GitHub, GitLab or Gitea, signed with the source's secret.",
            this::hook,
            null,
            false));
  }

  private void importNow(Context ctx) {
    String component = ctx.pathParam("component");
    ComponentAccess.require(ctx, store, Permission.REQUEST, component);
    List<SourceSpec> sources = importer.sourcesOf(component);
    if (sources.isEmpty())
      throw ApiException.notFound("component '" + component + "' has no source to import from");
    List<Map<String, Object>> out = new ArrayList<>();
    for (SourceSpec s : sources) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", s.name());
      try {
        GitImporter.Result r = importer.importNow(s);
        m.put("created", r.created());
        m.put("head", r.head());
      } catch (GitImporter.ImportFailed e) {
        m.put("error", e.getMessage());
      }
      out.add(m);
    }
    if (out.stream().allMatch(m -> m.containsKey("error")))
      throw new ApiException(
          502,
          "import_failed",
          String.join("; ", out.stream().map(m -> String.valueOf(m.get("error"))).toList()));
    Json.ok(ctx, out);
  }

  private void state(Context ctx) {
    String component = ctx.pathParam("component");
    List<Map<String, Object>> out = new ArrayList<>();
    for (SourceSpec s : importer.sourcesOf(component)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", s.name());
      m.put("url", s.gitUrl());
      m.put("branch", s.branch());
      m.put("pollInterval", s.pollInterval());
      store
          .read(r -> r.sources().state(s.name()))
          .ifPresent(
              st -> {
                m.put("lastCommit", st.lastSha());
                m.put("lastCheckedAt", st.lastCheckedAt());
                m.put("lastImportedAt", st.lastImportedAt());
                m.put("lastError", st.lastError());
              });
      out.add(m);
    }
    Json.ok(ctx, out);
  }

  private void hook(Context ctx) {
    // One answer for an unknown source, a source without a secret and a bad signature: a caller
    // without the secret learns nothing about which sources exist or accept webhooks.
    ApiException refused = new ApiException(401, "unauthorized", "unknown source or bad signature");
    SourceSpec source = importer.source(ctx.pathParam("source")).orElseThrow(() -> refused);
    String secret = secret(source).orElseThrow(() -> refused);
    String body = ctx.body();
    Map<String, String> headers = new HashMap<>();
    ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    Optional<String> provider = WebhookSignatures.verify(headers, body, secret);
    if (provider.isEmpty()) throw refused;
    String delivery =
        WebhookSignatures.deliveryId(headers)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "the delivery has no id: send one of "
                            + String.join(", ", WebhookSignatures.DELIVERY_HEADERS)
                            + " (replays are refused by it)"));
    if (!WebhookSignatures.DELIVERY_ID.matcher(delivery).matches())
      throw ApiException.badRequest(
          "the delivery id is not 1 to 100 letters, digits and '.', '_', ':', '-'");
    JsonNode payload;
    try {
      payload = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ApiException(
          400, "malformed_json", "the webhook body is not JSON: " + e.getMessage());
    }
    Instant now = clock.instant();
    boolean first =
        store.write(
            r ->
                r.sources()
                    .firstDelivery(
                        source.name(),
                        List.of("id:" + delivery, "body:" + Tokens.hash(body)),
                        now,
                        now.minus(WebhookSignatures.REPLAY_WINDOW)));
    if (!first)
      throw new ApiException(
          409,
          "conflict",
          "delivery '"
              + delivery
              + "' (or its body) was received already in the last "
              + WebhookSignatures.REPLAY_WINDOW.toHours()
              + " hours; nothing was started");
    String ref = payload.path("ref").asText("");
    if (!ref.isEmpty() && !ref.equals("refs/heads/" + source.branch())) {
      Json.send(ctx, 202, Map.of("ignored", "push to " + ref + ", not " + source.branch()));
      return;
    }
    // Answer at once (git servers wait only a few seconds); import in the background.
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                importer.importNow(source);
              } catch (GitImporter.ImportFailed e) {
                LoggerFactory.getLogger(SourceHandlers.class).warn("{}", e.getMessage());
              }
            });
    Json.send(
        ctx, 202, Map.of("source", source.name(), "provider", provider.get(), "import", "started"));
  }

  private Optional<String> secret(SourceSpec s) {
    if (s.webhookSecret() == null) return Optional.empty();
    return store
        .read(r -> r.config().find(ObjectKey.of(Kind.COMPONENT, s.component())))
        .map(o -> ((ComponentSpec) o).properties().get(s.webhookSecret()))
        .map(PropertyValue::value)
        .filter(v -> v != null && !v.isEmpty())
        .map(v -> SecretBox.isEncrypted(v) ? secrets.decrypt(v) : v);
  }
}

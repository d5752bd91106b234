package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.config.Durations;
import io.shiplock.core.store.ApiToken;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Login, the caller's identity and API tokens. */
final class AuthHandlers {
  record LoginRequest(String user, String password, String tokenName) {}

  record TokenRequest(String name, String expiresIn) {}

  private final AuthService auth;

  AuthHandlers(AuthService auth) {
    this.auth = auth;
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/api/v1/login",
                "Exchanges a user name and password for an API token.",
                this::login)
            .open(),
        Route.get("/api/v1/whoami", "The caller's identity.", this::whoami).selfService(),
        Route.get("/api/v1/tokens", "The caller's API tokens (never the token text).", this::list)
            .selfService(),
        Route.post(
                "/api/v1/tokens", "Creates an API token; its text is returned once.", this::create)
            .selfService(),
        Route.delete("/api/v1/tokens/{id}", "Revokes one of the caller's tokens.", this::revoke)
            .selfService());
  }

  private void login(Context ctx) {
    LoginRequest req = Json.body(ctx, LoginRequest.class);
    if (req.user() == null || req.password() == null) {
      throw ApiException.badRequest("login needs 'user' and 'password'");
    }
    if (req.tokenName() != null && req.tokenName().length() > 127)
      throw ApiException.badRequest("a token's name ('tokenName') has at most 127 characters");
    var issued =
        auth.login(req.user(), req.password(), req.tokenName())
            .orElseThrow(
                () -> new ApiException(401, "unauthorized", "wrong user name or password"));
    Json.ok(ctx, issued(issued));
  }

  private void whoami(Context ctx) {
    Principal p = ApiServer.principal(ctx);
    Json.ok(ctx, Map.of("user", p.name(), "admin", p.admin(), "tokenId", p.tokenId()));
  }

  private void list(Context ctx) {
    Json.ok(
        ctx,
        auth.tokens(ApiServer.principal(ctx).userId()).stream().map(AuthHandlers::token).toList());
  }

  private void create(Context ctx) {
    TokenRequest req = Json.body(ctx, TokenRequest.class);
    if (req.name() == null || req.name().isBlank())
      throw ApiException.badRequest("a token needs a 'name'");
    if (req.name().length() > 127)
      throw ApiException.badRequest("a token's 'name' has at most 127 characters");
    Duration lifetime = null;
    if (req.expiresIn() != null) {
      lifetime = Durations.parse(req.expiresIn());
      if (lifetime == null || lifetime.isZero()) {
        throw ApiException.badRequest(
            "expiresIn must be a duration such as 30d or 12h, not '" + req.expiresIn() + "'");
      }
    }
    Json.send(
        ctx, 201, issued(auth.issue(ApiServer.principal(ctx).userId(), req.name(), lifetime)));
  }

  private void revoke(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("token id must be a number");
    }
    if (!auth.revoke(ApiServer.principal(ctx).userId(), id)) {
      throw ApiException.notFound("you have no active token with id " + id);
    }
    Json.ok(ctx, Map.of("revoked", id));
  }

  private static Map<String, Object> issued(AuthService.IssuedToken t) {
    Map<String, Object> m = token(t.record());
    m.put("token", t.token());
    return m;
  }

  static Map<String, Object> token(ApiToken t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("user", t.userName());
    m.put("prefix", t.prefix());
    m.put("createdAt", t.createdAt());
    m.put("expiresAt", t.expiresAt());
    m.put("revokedAt", t.revokedAt());
    m.put("lastUsedAt", t.lastUsedAt());
    return m;
  }
}

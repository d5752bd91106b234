package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.config.Durations;
import io.shiplock.core.config.Names;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.AuditRepository.Event;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.User;
import io.shiplock.server.auth.AuthService;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Users (local accounts) and the audit log; both need the security permission everywhere. */
final class PeopleHandlers {
  record NewUser(String name, String email, String password, boolean admin) {}

  private final Store store;
  private final AuthService auth;

  PeopleHandlers(Store store, AuthService auth) {
    this.store = store;
    this.auth = auth;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/v1/users", "Users: name, email, administrator.", this::list)
            .needsEverywhere(Permission.SECURITY),
        Route.post(
                "/api/v1/users",
                "Creates a user {name, email, password, admin}; teams come from configuration.",
                this::create)
            .needsEverywhere(Permission.SECURITY),
        Route.delete(
                "/api/v1/users/{name}/tokens",
                "Revokes every token and web session of a user: their access ends now.",
                this::revokeTokens)
            .needsEverywhere(Permission.SECURITY),
        Route.get(
                "/api/v1/audit",
                "The audit log, newest first; ?since=ISO-8601|DURATION&user=U&action=PREFIX&limit=N.",
                this::audit)
            .needsEverywhere(Permission.SECURITY));
  }

  private void list(Context ctx) {
    Json.ok(ctx, store.read(r -> r.users().list()).stream().map(PeopleHandlers::user).toList());
  }

  private void create(Context ctx) {
    NewUser u = Json.body(ctx, NewUser.class);
    if (u.name() == null) throw ApiException.badRequest("a user needs a 'name'");
    String bad = Names.problem(u.name());
    if (bad != null) throw ApiException.badRequest(bad);
    if (u.password() == null || u.password().length() < 12)
      throw ApiException.badRequest("a password needs at least 12 characters");
    if (u.email() != null && u.email().length() > 254)
      throw ApiException.badRequest("an email address has at most 254 characters");
    if (u.email() != null && !u.email().matches("[^@\\s<>]+@[^@\\s<>]+"))
      throw ApiException.badRequest("'" + u.email() + "' is not an email address");
    // The security permission manages people; only an administrator makes another one.
    if (u.admin() && !ApiServer.principal(ctx).admin())
      throw new ApiException(403, "forbidden", "only an administrator may create an administrator");
    User created =
        auth.createUser(
            u.name(), u.password(), u.admin(), u.email(), ApiServer.principal(ctx).name());
    Json.send(ctx, 201, user(created));
  }

  private void revokeTokens(Context ctx) {
    String name = ctx.pathParam("name");
    int revoked =
        auth.revokeAll(name, ApiServer.principal(ctx).name())
            .orElseThrow(() -> ApiException.notFound("no user named " + name));
    Json.ok(ctx, Map.of("user", name, "revoked", revoked));
  }

  private static Map<String, Object> user(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("email", u.email());
    m.put("admin", u.admin());
    m.put("createdAt", u.createdAt());
    return m;
  }

  private void audit(Context ctx) {
    Instant since = since(ctx.queryParam("since"));
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(200);
    List<Event> events =
        store.read(
            r ->
                r.audit()
                    .list(
                        since,
                        ctx.queryParam("user"),
                        ctx.queryParam("action"),
                        Math.max(1, Math.min(limit, 10_000))));
    Json.ok(ctx, events);
  }

  /** An instant, or a duration back from now (1h, 30m, 7d). */
  private static Instant since(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        Duration d = Durations.parse(text);
        if (d == null) throw new IllegalArgumentException("not a duration");
        return Instant.now().minus(d);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "since must be an instant (2026-11-28T10:00:00Z) or a duration (1h, 7d), not '"
                + text
                + "'");
      }
    }
  }
}

package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Permission;
import io.shiplock.core.security.Tokens;
import io.shiplock.core.store.AgentRepository;
import io.shiplock.core.store.Store;
import io.shiplock.server.audit.Audit;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agents as people see them: liveness, and the tokens an admin issues for them. */
final class AgentAdminHandlers {
  /** An agent silent for longer than this shows offline (it polls at least every 5 s). */
  private final Store store;

  private final Clock clock;
  private final AgentTokens tokens;

  AgentAdminHandlers(Store store, Clock clock, AgentTokens tokens) {
    this.store = store;
    this.clock = clock;
    this.tokens = tokens;
  }

  List<Route> routes() {
    return List.of(
        Route.get(
            "/api/v1/agents",
            "Agents with their liveness: online, last heartbeat, host, version.",
            this::list),
        Route.post(
                "/api/v1/agents/{name}/tokens",
                "Issues a token for an agent; the text is shown once.",
                this::createToken)
            .needsEverywhere(Permission.AGENTS),
        Route.get(
                "/api/v1/agents/{name}/tokens",
                "An agent's tokens (never their text).",
                this::tokens)
            .needs(Permission.AGENTS),
        Route.delete("/api/v1/agent-tokens/{id}", "Revokes an agent token.", this::revoke)
            .needsEverywhere(Permission.AGENTS));
  }

  private void list(Context ctx) {
    var now = clock.instant();
    List<AgentRepository.Status> statuses = store.read(r -> r.agents().statuses());
    var scope = ApiServer.scope(ctx);
    Json.ok(
        ctx,
        statuses.stream()
            .filter(s -> scope.agent(s.name()))
            .map(
                s -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", s.name());
                  m.put("online", s.onlineAt(now));
                  m.put("lastHeartbeat", s.lastSeen());
                  m.put("host", s.host());
                  m.put("version", s.version());
                  m.put("registeredAt", s.registeredAt());
                  return m;
                })
            .toList());
  }

  private void createToken(Context ctx) {
    String token = Tokens.newAgentToken();
    String by = ApiServer.principal(ctx).name();
    AgentRepository.Token t =
        store.write(
            r -> {
              var created =
                  r.agents()
                      .createToken(
                          ctx.pathParam("name"),
                          Tokens.hash(token),
                          token.substring(0, 9),
                          by,
                          clock.instant());
              Audit.record(
                  r,
                  clock.instant(),
                  by,
                  "agent.token.create",
                  "agent " + ctx.pathParam("name"),
                  "success",
                  created.prefix() + "…");
              return created;
            });
    Map<String, Object> m = token(t);
    m.put("token", token);
    Json.send(ctx, 201, m);
  }

  private void tokens(Context ctx) {
    List<AgentRepository.Token> tokens = store.read(r -> r.agents().tokens(ctx.pathParam("name")));
    Json.ok(ctx, tokens.stream().map(AgentAdminHandlers::token).toList());
  }

  private void revoke(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("token id must be a number");
    }
    String by = ApiServer.principal(ctx).name();
    if (!store.write(
        r -> {
          boolean done = r.agents().revokeToken(id, clock.instant());
          if (done) Audit.ok(r, clock.instant(), by, "agent.token.revoke", "agent token " + id);
          return done;
        })) throw ApiException.notFound("no active agent token " + id);
    tokens.forgetAll();
    Json.ok(ctx, Map.of("revoked", id));
  }

  private static Map<String, Object> token(AgentRepository.Token t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("agent", t.agent());
    m.put("prefix", t.prefix());
    m.put("createdAt", t.createdAt());
    m.put("createdBy", t.createdBy());
    m.put("revokedAt", t.revokedAt());
    return m;
  }
}

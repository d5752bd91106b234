package io.shiplock.server.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.shiplock.core.model.Permission;
import io.shiplock.core.security.Authorizer;
import io.shiplock.core.security.ReadScope;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.security.Tokens;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.Store;
import io.shiplock.server.artifacts.BlobStore;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.Authorizations;
import io.shiplock.server.auth.Principal;
import io.shiplock.server.backup.BackupWriter;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.EngineWiring;
import io.shiplock.server.metrics.ServerMetrics;
import io.shiplock.server.notify.LinkSigner;
import io.shiplock.server.sources.GitImporter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The HTTP server: the route table, authentication around every non-public route, errors. */
public final class ApiServer {
  private static final String PRINCIPAL = "shiplock.principal";
  private static final String AUTHORIZER = "shiplock.authorizer";
  private static final String SCOPE = "shiplock.scope";
  private static final String SCOPE_SOURCE = "shiplock.scope.source";

  /** Configuration uploads may be large (hundreds of components); beyond this, 413. */
  static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

  private final List<Route> routes;
  private final AuthService auth;
  private final Store store;
  private final Authorizations authorizations;
  private final Sessions sessions;
  // Event streams (paths ending in /events) are not counted: they last until the connection
  // closes, and the browser resumes on another node with Last-Event-ID.
  private final InFlight inFlight = new InFlight();
  private final ServerMetrics metrics;
  private static final String ROUTE = "shiplock.route";

  /** The web pages: their routes and how a browser's session is found. */
  public record Pages(List<Route> routes, Sessions sessions) {}

  private static final String AGENT = "shiplock.agent";

  private final AgentTokens agentTokens;

  public ApiServer(
      Store store,
      ConfigService config,
      StepCatalog catalog,
      AuthService auth,
      EngineWiring.Wired wired,
      LinkSigner links,
      Clock clock,
      BlobStore blobs,
      GitImporter importer,
      SecretBox secrets,
      Pages pages,
      String version,
      ThisNode node,
      ServerMetrics metrics,
      BackupWriter backups) {
    this.auth = auth;
    this.store = store;
    this.authorizations = new Authorizations(store);
    Engine engine = wired.engine();
    List<Route> r = new ArrayList<>();
    this.metrics = metrics;
    r.addAll(HealthHandlers.routes(store, node));
    r.addAll(MetricsHandlers.routes(metrics));
    r.addAll(new AuthHandlers(auth).routes());
    r.addAll(new ConfigHandlers(config, catalog).routes());
    r.addAll(new UcdImportHandler(config).routes());
    r.addAll(new ObjectHandlers(config).routes());
    var versions = new VersionHandlers(store, clock, blobs, engine);
    var statuses = new VersionStatusHandlers(store, clock, engine);
    r.addAll(versions.routes());
    r.addAll(statuses.routes());
    var snapshots = new SnapshotHandlers(store, clock);
    r.addAll(snapshots.routes());
    r.addAll(
        new UcdCommands(store, auth, versions, statuses, engine, blobs, secrets, snapshots, config)
            .routes());
    r.addAll(new SourceHandlers(store, importer, secrets, clock).routes());
    r.addAll(new ArtifactHandlers(store, blobs, wired.payloads()).routes());
    this.agentTokens = new AgentTokens(store);
    r.addAll(new AgentAdminHandlers(store, clock, agentTokens).routes());
    r.addAll(new NodeHandlers(store, clock, node, version).routes());
    r.addAll(new RequestHandlers(store, engine, snapshots).routes());
    r.addAll(new ApprovalHandlers(store, engine, wired.approvals(), links).routes());
    r.addAll(new TaskHandlers(store, engine, wired.tasks()).routes());
    r.addAll(new PeopleHandlers(store, auth).routes());
    r.addAll(new BackupHandlers(store, backups, clock).routes());
    this.sessions = pages.sessions();
    r.addAll(pages.routes());
    r.addAll(new EnvironmentStateHandlers(store).routes());
    r.addAll(new InsightsHandlers(store, clock).routes());
    r.addAll(new AgentProtocolHandlers(store, wired, clock, node, metrics).routes());
    r.add(
        Route.get(
                "/api/v1/openapi.json",
                "This API's OpenAPI document.",
                ctx -> Json.ok(ctx, OpenApi.document(routes(), version)))
            .selfService());
    this.routes = List.copyOf(r);
  }

  /**
   * Waits until no request is being served (event streams aside), at most {@code limit}: a draining
   * node finishes what it took before it stops listening. True when none was left.
   */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    return inFlight.awaitNone(limit);
  }

  /** Every route the server serves; tests walk this table. */
  public List<Route> routes() {
    return routes;
  }

  /** Starts serving where {@code listen} says (plain HTTP, or HTTPS: server.tls.Listeners). */
  public Javalin start(Consumer<JavalinConfig> listen) {
    Javalin app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = MAX_BODY_BYTES;
              config.startup.showJavalinBanner = false;
              // Agents hold long polls open; virtual threads make that cheap.
              config.concurrency.useVirtualThreads = true;
              listen.accept(config);
              for (Route route : routes) {
                Handler h =
                    switch (route.access()) {
                      case PUBLIC -> route.handler();
                      case AUTHENTICATED -> authenticated(route);
                      case AGENT -> agentAuthenticated(route.handler());
                      case LINK, HOOK -> route.handler();
                      case SESSION -> page(route);
                    };
                Handler named = named(route.path(), h);
                Handler counted =
                    route.path().endsWith("/events") ? named : inFlight.counting(named);
                config.routes.addHttpHandler(route.method(), route.path(), counted);
                // HEAD is a GET without its body: the same checks, or it answered 200 to anyone.
                if (route.method().equals(HandlerType.GET))
                  config.routes.addHttpHandler(HandlerType.HEAD, route.path(), counted);
              }
              // Timed when answered, whatever answered it (the handler, an error mapper):
              // by the route's template, never the path, or each id would be a series.
              config.requestLogger.http(
                  (ctx, ms) -> {
                    String template = ctx.attribute(ROUTE);
                    metrics.http(
                        ctx.method().name(),
                        template == null ? "unmatched" : template,
                        ctx.statusCode(),
                        Duration.ofNanos((long) (ms * 1_000_000)));
                  });
              ApiErrors.install(config, this::denied);
            });
    return app.start();
  }

  /** Marks the call with its route's template before anything else runs (see the timer). */
  private static Handler named(String template, Handler h) {
    return ctx -> {
      ctx.attribute(ROUTE, template);
      try {
        h.handle(ctx);
      } finally {
        UnreadBody.drain(ctx, MAX_BODY_BYTES);
      }
    };
  }

  private Handler authenticated(Route route) {
    Handler inner = route.handler();
    return ctx -> {
      String header = ctx.header("Authorization");
      Principal p;
      if (header != null && header.startsWith("Basic ")) {
        // As UrbanCode Deploy's clients authenticate (docs/ucd-migration.md).
        p =
            auth.authenticateBasic(header.substring("Basic ".length()))
                .orElseThrow(
                    () ->
                        new ApiException(
                            401,
                            "unauthorized",
                            "the user name and password, or the token, are not valid"));
      } else if (header != null && header.startsWith("Bearer ")) {
        p =
            auth.authenticate(header.substring("Bearer ".length()).trim())
                .orElseThrow(
                    () ->
                        new ApiException(
                            401, "unauthorized", "the API token is unknown, revoked or expired"));
      } else {
        throw new ApiException(
            401,
            "unauthorized",
            "this route needs an API token: send 'Authorization: Bearer <token>' (shiplock login)");
      }
      admit(ctx, p);
      Optional<String> refused = refusal(ctx, route, p);
      if (refused.isPresent()) throw forbidden(refused.get());
      inner.handle(ctx);
    };
  }

  /** Makes the caller, and what they may read, known to the handler. */
  private void admit(Context ctx, Principal p) {
    ctx.attribute(PRINCIPAL, p);
    ctx.attribute(SCOPE_SOURCE, (Supplier<ReadScope>) () -> authorizations.scope(p));
  }

  /**
   * Why the route's own permission refuses the caller, or empty. The application and environment of
   * the check come from the path; a read of a {component} path is scoped by the applications that
   * have it.
   */
  private Optional<String> refusal(Context ctx, Route route, Principal p) {
    if (route.permission() == null) return Optional.empty();
    var authz = authorizations.of(p);
    ctx.attribute(AUTHORIZER, authz);
    String app = route.path().contains("{application}") ? ctx.pathParam("application") : null;
    String env = route.path().contains("/environments/{name}") ? ctx.pathParam("name") : null;
    boolean ok =
        route.everywhere()
            ? authz.allowsEverywhere(route.permission())
            : authz.allows(route.permission(), app, env);
    if (!ok) {
      if (route.everywhere())
        return Optional.of(
            "user '"
                + p.name()
                + "' lacks the '"
                + route.permission().yaml()
                + "' permission on every application (granted through a team's roles)");
      if (app == null) {
        // The scope is in the body (a request names its application and environment): the
        // refusal names it too. The decision stays the one above.
        String[] scope = bodyScope(ctx);
        app = scope[0];
        env = scope[1];
      }
      return authz
          .refusal(route.permission(), app, env)
          .or(() -> authz.refusal(route.permission(), null, null));
    }
    if (route.permission() == Permission.VIEW && route.path().contains("{component}"))
      return scope(ctx).refuseComponent(ctx.pathParam("component"));
    return Optional.empty();
  }

  /** The application and environment a JSON body names, when it does; nulls otherwise. */
  private static String[] bodyScope(Context ctx) {
    String[] scope = new String[2];
    try {
      var body = Json.MAPPER.readTree(ctx.bodyAsBytes());
      if (body != null && body.path("application").isTextual())
        scope[0] = body.path("application").asText();
      if (scope[0] != null && body.path("environment").isTextual())
        scope[1] = body.path("environment").asText();
    } catch (IOException | RuntimeException e) {
      // Not JSON: the refusal names no scope; the handler would have refused the body anyway.
    }
    return scope;
  }

  /** A refused permission is worth an audit entry: who tried what, and what they lacked. */
  private void denied(Context ctx, String message) {
    Principal p = ctx.attribute(PRINCIPAL);
    store.write(
        r -> {
          Audit.record(
              r,
              Instant.now(),
              p == null ? null : p.name(),
              "access.denied",
              ctx.method() + " " + ctx.path(),
              "refused",
              message);
          return null;
        });
  }

  private Handler page(Route route) {
    Handler inner = route.handler();
    return ctx -> {
      var p = sessions.session(ctx);
      if (p.isEmpty()) {
        ctx.redirect(sessions.loginRedirect(ctx));
        return;
      }
      if (sessions.refusedCrossSite(ctx)) return;
      admit(ctx, p.get());
      Optional<String> refused = refusal(ctx, route, p.get());
      if (refused.isPresent()) {
        denied(ctx, refused.get());
        sessions.refused(ctx, p.get(), refused.get());
        return;
      }
      inner.handle(ctx);
    };
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  /** What the caller may read (loaded once per call, when a handler first asks). */
  public static ReadScope scope(Context ctx) {
    ReadScope s = ctx.attribute(SCOPE);
    if (s == null) {
      Supplier<ReadScope> source = ctx.attribute(SCOPE_SOURCE);
      if (source == null) throw new IllegalStateException("no caller on this route");
      s = source.get();
      ctx.attribute(SCOPE, s);
    }
    return s;
  }

  /** What the caller may read, when the call has a caller (a page after login does). */
  public static Optional<ReadScope> scopeIfKnown(Context ctx) {
    return ctx.attribute(SCOPE_SOURCE) == null ? Optional.empty() : Optional.of(scope(ctx));
  }

  /** Refuses with 403 when the caller may not read this; {@code refusal} from the scope. */
  static void requireRead(Optional<String> refusal) {
    if (refusal.isPresent()) throw forbidden(refusal.get());
  }

  /** What the caller may do, loaded when the route's own permission was checked. */
  static Authorizer authorizer(Context ctx) {
    Authorizer a = ctx.attribute(AUTHORIZER);
    if (a == null) throw new IllegalStateException("route declares no permission");
    return a;
  }

  /** Refuses with 403 unless the caller holds the permission on this application/environment. */
  static void require(Context ctx, Permission p, String app, String env) {
    var refusal = authorizer(ctx).refusal(p, app, env);
    if (refusal.isPresent()) throw forbidden(refusal.get());
  }

  private Handler agentAuthenticated(Handler inner) {
    return ctx -> {
      String header = ctx.header("Authorization");
      String token =
          header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
      if (token == null || !token.startsWith(Tokens.AGENT_PREFIX)) {
        throw new ApiException(
            401,
            "unauthorized",
            "the agent protocol needs an agent token (shiplock agents token create NAME)");
      }
      Identity agent =
          agentTokens
              .find(token)
              .orElseThrow(
                  () ->
                      new ApiException(
                          401, "unauthorized", "the agent token is unknown or revoked"));
      ctx.attribute(AGENT, agent);
      inner.handle(ctx);
    };
  }

  static Identity agent(Context ctx) {
    Identity a = ctx.attribute(AGENT);
    if (a == null) throw new IllegalStateException("route is not agent-authenticated");
    return a;
  }

  static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) throw new IllegalStateException("route is not authenticated");
    return p;
  }
}

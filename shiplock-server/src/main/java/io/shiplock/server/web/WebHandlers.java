package io.shiplock.server.web;

import static io.shiplock.server.web.Pages.csrf;
import static io.shiplock.server.web.Pages.forged;
import static io.shiplock.server.web.Pages.render;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseHandler;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.Permission;
import io.shiplock.core.security.ReadScope;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.ApiServer;
import io.shiplock.server.api.Sessions;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.Authorizations;
import io.shiplock.server.auth.Principal;
import io.shiplock.server.auth.ldap.DirectoryUnreachable;
import io.shiplock.server.engine.Approvals;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.RequestRefused;
import io.shiplock.server.engine.Tasks;
import io.shiplock.server.engine.Timing;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The web pages: log in (a session cookie holding an API token: HttpOnly, SameSite=Strict), the
 * applications, and an application's pipeline. Every page checks the same permissions as the API.
 */
public final class WebHandlers implements Sessions {
  public static final String COOKIE = "shiplock_session";
  private final Store store;
  private final AuthService auth;
  private final Engine engine;
  private final Approvals approvals;
  private final Tasks tasks;

  public WebHandlers(
      Store store, AuthService auth, Engine engine, Approvals approvals, Tasks tasks) {
    this.store = store;
    this.auth = auth;
    this.engine = engine;
    this.approvals = approvals;
    this.tasks = tasks;
  }

  /** Requests a deployment from the pipeline page; a refusal is shown in place, with its reason. */
  public void requestDeployment(Context ctx, Principal p) {
    String app = ctx.pathParam("application");
    if (forged(ctx)) return;
    String env = ctx.formParam("environment");
    String process = ctx.formParam("process");
    Map<String, String> versions = new TreeMap<>();
    for (var e : ctx.formParamMap().entrySet())
      if (e.getKey().startsWith("version:")
          && !e.getValue().isEmpty()
          && !e.getValue().get(0).isBlank())
        versions.put(e.getKey().substring(8), e.getValue().get(0));
    var authz = store.read(r -> Authorizations.of(r, p.name(), p.admin()));
    String refused;
    int status;
    var refusal = authz.refusal(Permission.REQUEST, app, env);
    if (env == null || env.isBlank() || process == null || process.isBlank()) {
      // As the API refuses it; without an environment the request reached the store and 500.
      refused = "a request needs an environment and a process: choose both in the form";
      status = 400;
    } else if (refusal.isPresent()) {
      refused = refusal.get();
      status = 403;
    } else {
      try {
        long id =
            engine.submit(
                app,
                env,
                process,
                versions,
                Map.of(),
                null,
                p.name(),
                Timing.at(at(ctx.formParam("at"))));
        // The new request's page follows it; the pipeline page shows refusals in place.
        ctx.redirect("/ui/requests/" + id);
        return;
      } catch (RequestRefused e) {
        refused = e.getMessage();
        status = e.status();
      }
    }
    pipeline(ctx, p, status, refused);
  }

  /**
   * The form's start time: a browser's datetime-local field ({@code 2026-12-01T22:00}, read as UTC,
   * as the form says) or a time with its zone; null when empty (start now).
   */
  static Instant at(String field) {
    if (field == null || field.isBlank()) return null;
    try {
      return LocalDateTime.parse(field.strip()).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(field.strip()).toInstant();
      } catch (DateTimeParseException again) {
        throw new RequestRefused(
            400,
            "the start time must be a date and time such as 2026-12-01T22:00, not '" + field + "'");
      }
    }
  }

  /** Server-sent events keeping a pipeline page current (see {@link PipelineStream}). */
  public void pipelineEvents(Context ctx, Principal p) throws Exception {
    String app = ctx.pathParam("application");
    var authz = store.read(r -> Authorizations.of(r, p.name(), p.admin()));
    if (!authz.allows(Permission.VIEW, app, null)) {
      ctx.status(404).result("no application named " + app);
      return;
    }
    ReadScope scope = ApiServer.scope(ctx);
    var stream = new PipelineStream(store, app, e -> scope.environment(app, e));
    new SseHandler(stream::follow).handle(ctx);
  }

  /** What waits for the user's approval, with a form to decide. */
  public void approvals(Context ctx, Principal p) {
    renderApprovals(ctx, p, 200, null, null);
  }

  public void decide(Context ctx, Principal p) {
    if (forged(ctx)) return;
    if (ctx.formParam("task") != null) {
      decideTask(ctx, p);
      return;
    }
    long id;
    try {
      id = Long.parseLong(ctx.formParam("request"));
    } catch (NumberFormatException e) {
      ctx.status(400).result("no request");
      return;
    }
    boolean approve = "approve".equals(ctx.formParam("decision"));
    try {
      var r = engine.decide(p.name(), p.admin(), id, approve, ctx.formParam("comment"), "web UI");
      renderApprovals(
          ctx, p, 200, "Request " + id + ": " + r.name().toLowerCase(Locale.ROOT) + ".", null);
    } catch (RequestRefused e) {
      renderApprovals(ctx, p, e.status(), null, "Request " + id + ": " + e.getMessage());
    }
  }

  /** A manual task confirmed or refused from the inbox. */
  private void decideTask(Context ctx, Principal p) {
    long step;
    try {
      step = Long.parseLong(ctx.formParam("task"));
    } catch (NumberFormatException e) {
      ctx.status(400).result("no task");
      return;
    }
    String decision = ctx.formParam("decision");
    if (!"confirm".equals(decision) && !"refuse".equals(decision)) {
      renderApprovals(ctx, p, 400, null, "Step " + step + ": choose Confirm or Refuse");
      return;
    }
    boolean confirm = decision.equals("confirm");
    try {
      var r =
          engine.decideTask(p.name(), p.admin(), step, confirm, ctx.formParam("comment"), "web UI");
      renderApprovals(
          ctx, p, 200, "Step " + step + ": " + r.name().toLowerCase(Locale.ROOT) + ".", null);
    } catch (RequestRefused e) {
      renderApprovals(ctx, p, e.status(), null, "Step " + step + ": " + e.getMessage());
    }
  }

  /** The inbox with what a decision did ({@code done}) or why it was refused ({@code refused}). */
  private void renderApprovals(Context ctx, Principal p, int status, String done, String refused) {
    var waiting = approvals.waitingFor(p.name(), p.admin());
    Map<String, Object> m = new HashMap<>();
    m.put("user", p.name());
    m.put("waiting", waiting);
    m.put("tasks", tasks.waitingFor(p.name(), p.admin()));
    m.put("csrf", csrf(ctx));
    m.put("message", done);
    m.put("error", refused);
    render(ctx, status, "approvals.jte", m);
  }

  /** The caller of a page, from the session cookie. */
  @Override
  public Optional<Principal> session(Context ctx) {
    String token = ctx.cookie(COOKIE);
    return token == null ? Optional.empty() : auth.authenticate(token);
  }

  /**
   * Where a browser without a session goes: the login page, which brings it back to the page it
   * asked for (GET only; a form is not replayed).
   */
  @Override
  public String loginRedirect(Context ctx) {
    if (!ctx.method().equals(HandlerType.GET)) return "/ui/login";
    String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    return "/ui/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
  }

  /** A page of this server to return to after logging in; anything else goes to /ui. */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/ui")
        || next.startsWith("/ui/login")
        || next.contains("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x21)) return "/ui";
    return next;
  }

  /**
   * Refuses (403) a form posted from another site: SameSite=Strict already keeps the cookie off
   * cross-site posts; this also covers the login form, which has no session yet.
   */
  @Override
  public void refused(Context ctx, Principal p, String why) {
    render(ctx, 403, "message.jte", Map.of("user", p.name(), "title", "Not allowed", "text", why));
  }

  @Override
  public boolean refusedCrossSite(Context ctx) {
    return crossSite(ctx);
  }

  private static boolean crossSite(Context ctx) {
    String origin = ctx.header("Origin");
    if (!ctx.method().equals(HandlerType.POST)
        || origin == null
        || origin.endsWith("//" + ctx.host())) return false;
    ctx.status(403).result("cross-site form refused");
    return true;
  }

  public void loginPage(Context ctx) {
    render(
        ctx,
        200,
        "login.jte",
        Map.of("error", "", "next", safeNext(ctx.queryParam("next")), "name", ""));
  }

  public void login(Context ctx) {
    if (crossSite(ctx)) return;
    String user = ctx.formParam("user");
    String password = ctx.formParam("password");
    String next = safeNext(ctx.formParam("next"));
    try {
      var issued = auth.login(user == null ? "" : user, password == null ? "" : password, "web");
      // A refused login keeps the user name typed: usually only the password was wrong.
      String name = user == null ? "" : user;
      if (issued.isEmpty()) {
        render(
            ctx,
            401,
            "login.jte",
            Map.of("error", "Wrong user name or password.", "next", next, "name", name));
        return;
      }
      ctx.header(
          "Set-Cookie",
          COOKIE
              + "="
              + issued.get().token()
              + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
      ctx.redirect(next);
    } catch (DirectoryUnreachable e) {
      render(
          ctx,
          503,
          "login.jte",
          Map.of("error", e.getMessage(), "next", next, "name", user == null ? "" : user));
    } catch (AuthService.LockedOut e) {
      render(
          ctx,
          429,
          "login.jte",
          Map.of("error", e.getMessage(), "next", next, "name", user == null ? "" : user));
    }
  }

  public void logout(Context ctx, Principal p) {
    if (forged(ctx)) return;
    auth.revoke(p.userId(), p.tokenId());
    ctx.header("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ctx.redirect("/ui/login");
  }

  /** An application on the dashboard: its components and its newest requests. */
  public record AppSummary(String name, List<String> components, List<Request> latest) {}

  /** How many recent requests the dashboard reads to find each application's latest activity. */
  private static final int RECENT = 500;

  public void dashboard(Context ctx, Principal p) {
    var summaries =
        store.read(
            r -> {
              var authz = Authorizations.of(r, p.name(), p.admin());
              var recent = r.runs().list(RECENT);
              List<AppSummary> out = new ArrayList<>();
              for (var o : r.config().list(Kind.APPLICATION)) {
                var app = (ApplicationSpec) o;
                if (!authz.allows(Permission.VIEW, app.name(), null)) continue;
                out.add(
                    new AppSummary(
                        app.name(),
                        app.components(),
                        recent.stream()
                            .filter(q -> q.application().equals(app.name()))
                            .filter(
                                q ->
                                    authz.allows(Permission.VIEW, q.application(), q.environment()))
                            .limit(5)
                            .toList()));
              }
              return out;
            });
    render(ctx, 200, "dashboard.jte", Map.of("user", p.name(), "applications", summaries));
  }

  public void pipeline(Context ctx, Principal p) {
    pipeline(ctx, p, 200, null);
  }

  /** The pipeline page; {@code refused} is a refused request's reason, shown as an error. */
  private void pipeline(Context ctx, Principal p, int status, String refused) {
    String app = ctx.pathParam("application");
    var authz = store.read(r -> Authorizations.of(r, p.name(), p.admin()));
    if (!authz.allows(Permission.VIEW, app, null)) {
      render(
          ctx,
          403,
          "message.jte",
          Map.of(
              "user",
              p.name(),
              "title",
              app,
              "text",
              authz.refusal(Permission.VIEW, app, null).orElse("")));
      return;
    }
    ReadScope scope = ApiServer.scope(ctx);
    var view =
        store.read(r -> PipelineViews.of(r, app)).map(v -> v.only(e -> scope.environment(app, e)));
    if (view.isEmpty()) {
      ctx.status(404).result("no application named " + app);
      return;
    }
    Map<String, Object> m = new HashMap<>();
    m.put("user", p.name());
    m.put("view", view.get());
    // The form is offered only where the user may request.
    m.put(
        "requestable",
        view.get().environments().stream()
            .map(PipelineView.Column::name)
            .filter(e -> scope.mayRequest(app, e))
            .collect(Collectors.toSet()));
    m.put("csrf", csrf(ctx));
    m.put("error", refused);
    m.put("processes", store.read(r -> PipelineViews.processes(r, app)));
    m.put("versions", store.read(r -> PipelineViews.versions(r, app)));
    render(ctx, status, "pipeline.jte", m);
  }
}

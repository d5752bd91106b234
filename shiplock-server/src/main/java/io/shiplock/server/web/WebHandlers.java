package io.shiplock.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.Store;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.Authorizations;
import io.shiplock.server.auth.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web pages: log in (a session cookie holding an API token: HttpOnly, SameSite=Strict), the
 * applications, and an application's pipeline. Every page checks the same permissions as the API.
 */
public final class WebHandlers {
  public static final String COOKIE = "shiplock_session";
  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(ContentType.Html);

  private final Store store;
  private final AuthService auth;

  public WebHandlers(Store store, AuthService auth) {
    this.store = store;
    this.auth = auth;
  }

  /** The caller of a page, from the session cookie. */
  public Optional<Principal> session(Context ctx) {
    String token = ctx.cookie(COOKIE);
    return token == null ? Optional.empty() : auth.authenticate(token);
  }

  public void loginPage(Context ctx) {
    render(ctx, 200, "login.jte", Map.of("error", ""));
  }

  public void login(Context ctx) {
    String user = ctx.formParam("user");
    String password = ctx.formParam("password");
    try {
      var issued = auth.login(user == null ? "" : user, password == null ? "" : password, "web");
      if (issued.isEmpty()) {
        render(ctx, 401, "login.jte", Map.of("error", "Wrong user name or password."));
        return;
      }
      ctx.header(
          "Set-Cookie",
          COOKIE
              + "="
              + issued.get().token()
              + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
      ctx.redirect("/ui");
    } catch (AuthService.LockedOut e) {
      render(ctx, 429, "login.jte", Map.of("error", e.getMessage()));
    }
  }

  public void logout(Context ctx, Principal p) {
    auth.revoke(p.userId(), p.tokenId());
    ctx.header("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ctx.redirect("/ui/login");
  }

  public void dashboard(Context ctx, Principal p) {
    var authz = store.read(r -> Authorizations.of(r, p.name(), p.admin()));
    List<String> apps =
        store.read(r -> r.config().list(Kind.APPLICATION)).stream()
            .map(o -> o.name())
            .filter(a -> authz.allows(Permission.VIEW, a, null))
            .toList();
    render(ctx, 200, "dashboard.jte", Map.of("user", p.name(), "applications", apps));
  }

  public void pipeline(Context ctx, Principal p) {
    String app = ctx.pathParam("application");
    var authz = store.read(r -> Authorizations.of(r, p.name(), p.admin()));
    if (!authz.allows(Permission.VIEW, app, null)) {
      render(
          ctx,
          403,
          "login.jte",
          Map.of("error", authz.refusal(Permission.VIEW, app, null).orElse("")));
      return;
    }
    var view = store.read(r -> PipelineViews.of(r, app));
    if (view.isEmpty()) {
      ctx.status(404).result("no application named " + app);
      return;
    }
    render(ctx, 200, "pipeline.jte", Map.of("user", p.name(), "view", view.get()));
  }

  private static void render(Context ctx, int status, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    Map<String, Object> p = new java.util.HashMap<>(params);
    if ("".equals(p.get("error"))) p.put("error", null);
    TEMPLATES.render(template, p, out);
    ctx.status(status);
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(out.toString());
  }
}

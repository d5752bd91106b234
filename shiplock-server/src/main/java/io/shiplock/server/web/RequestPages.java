package io.shiplock.server.web;

import static io.shiplock.server.web.Pages.csrf;
import static io.shiplock.server.web.Pages.forged;
import static io.shiplock.server.web.Pages.render;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseHandler;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.Store;
import io.shiplock.server.auth.Authorizations;
import io.shiplock.server.auth.Principal;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.RequestRefused;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request's pages: the page itself, the stream that keeps it live, its whole log as plain text,
 * and cancel (asked first: by the browser's dialog with JavaScript, by a confirmation page
 * without).
 */
public final class RequestPages {
  private final Store store;
  private final Engine engine;

  public RequestPages(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
  }

  /** One request: its steps with state, timing and output; cancel while it is active. */
  public void request(Context ctx, Principal p) {
    renderRequest(ctx, p, 200, null);
  }

  /** Server-sent events following a request the caller may view (see {@link RequestStream}). */
  public void events(Context ctx, Principal p) throws Exception {
    long id = requestId(ctx);
    if (visible(p, id).isEmpty()) {
      ctx.status(404).result("no request " + id);
      return;
    }
    String csrf = csrf(ctx);
    String lastEventId = ctx.header("Last-Event-ID");
    var stream =
        new RequestStream(
            store,
            id,
            view -> {
              // In page order: the state first, then the steps.
              Map<String, String> parts = new LinkedHashMap<>();
              parts.put(
                  "head", Pages.fragment("requesthead.jte", Map.of("view", view, "csrf", csrf)));
              parts.put("steps", Pages.fragment("requestbody.jte", Map.of("view", view)));
              return parts;
            });
    new SseHandler(client -> stream.follow(client, lastEventId)).handle(ctx);
  }

  /** Every step's output in order, as plain text: the whole log in one place. */
  public void log(Context ctx, Principal p) {
    long id = requestId(ctx);
    if (visible(p, id).isEmpty()) {
      ctx.status(404).result("no request " + id);
      return;
    }
    String text = store.read(r -> WholeLog.of(r, id));
    ctx.status(200);
    ctx.header("Content-Security-Policy", Pages.CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Disposition", "inline; filename=\"request-" + id + ".log\"");
    ctx.contentType("text/plain; charset=utf-8");
    ctx.result(text);
  }

  /**
   * Cancels once the user has confirmed ({@code confirm=yes}: the page's form sends it after the
   * browser's dialog); without it, a page asks. A canceled request's page is then shown by its own
   * address, so reloading it does not post again.
   */
  public void cancel(Context ctx, Principal p) {
    if (forged(ctx)) return;
    long id = requestId(ctx);
    var req = visible(p, id);
    if (req.isEmpty()) {
      ctx.status(404).result("no request " + id);
      return;
    }
    var authz = store.read(r -> Authorizations.of(r, p.name(), p.admin()));
    var refusal =
        authz.refusal(Permission.REQUEST, req.get().application(), req.get().environment());
    if (refusal.isPresent()) {
      renderRequest(ctx, p, 403, refusal.get());
      return;
    }
    if (!"yes".equals(ctx.formParam("confirm"))) {
      Map<String, Object> m = new HashMap<>();
      m.put("user", p.name());
      m.put("request", req.get());
      m.put("active", req.get().state().isActive());
      render(ctx, 200, "cancel.jte", m);
      return;
    }
    try {
      engine.cancel(id);
      ctx.redirect("/ui/requests/" + id, HttpStatus.SEE_OTHER);
    } catch (RequestRefused e) {
      renderRequest(ctx, p, e.status(), e.getMessage());
    }
  }

  private static long requestId(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The request, when it exists and the caller may view it. */
  private Optional<Request> visible(Principal p, long id) {
    return store.read(
        r -> {
          var authz = Authorizations.of(r, p.name(), p.admin());
          return r.runs()
              .find(id)
              .filter(q -> authz.allows(Permission.VIEW, q.application(), q.environment()));
        });
  }

  /** The request's page; {@code refusal} (a status of 400 or more) is shown as an error. */
  private void renderRequest(Context ctx, Principal p, int status, String refusal) {
    long id = requestId(ctx);
    if (visible(p, id).isEmpty()) {
      ctx.status(404).result("no request " + id);
      return;
    }
    var view = store.read(r -> RequestView.of(r, id));
    if (view.isEmpty()) {
      ctx.status(404).result("no request " + id);
      return;
    }
    Map<String, Object> m = new HashMap<>();
    m.put("user", p.name());
    m.put("view", view.get());
    m.put("csrf", csrf(ctx));
    m.put("error", refusal);
    render(ctx, status, "request.jte", m);
  }
}

package io.shiplock.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.shiplock.core.security.ReadScope;
import io.shiplock.server.api.ApiServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** What every page shares: templates, the form token, and the security headers of a page. */
final class Pages {
  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(ContentType.Html);

  /**
   * Scripts only from the server itself (htmx and its SSE extension; htmx runs without eval), no
   * framing, forms only to the server. Inline styles stay allowed for the status colours, which
   * come from configuration.
   */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri"
          + " 'none'; object-src 'none'";

  private Pages() {}

  /**
   * The form token of a session: derived from the session's own token, which no other origin can
   * read, so a forged form cannot carry it.
   */
  static String csrf(Context ctx) {
    String token = ctx.cookie(WebHandlers.COOKIE);
    if (token == null) return "";
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(("csrf:" + token).getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Refuses (403) a form without this session's token; true when it did. */
  static boolean forged(Context ctx) {
    String given = ctx.formParam("csrf");
    boolean ok =
        given != null
            && MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), csrf(ctx).getBytes(StandardCharsets.UTF_8));
    if (ok) return false;
    ctx.status(403).result("the form is stale or forged; reload the page");
    return true;
  }

  /** A whole page, with the caller's form token and the security headers. */
  static void render(Context ctx, int status, String template, Map<String, Object> params) {
    Map<String, Object> p = new HashMap<>(params);
    if ("".equals(p.get("error"))) p.put("error", null);
    p.putIfAbsent("csrf", csrf(ctx));
    // The audit link is offered only to who may read the audit log.
    p.putIfAbsent("audit", ApiServer.scopeIfKnown(ctx).map(ReadScope::audit).orElse(false));
    String html = fragment(template, p);
    ctx.status(status);
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // Pages carry what a user may see; no shared or back-button cache keeps them.
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(html);
  }

  /** A template's HTML, for a page or a part swapped into one. */
  static String fragment(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, params, out);
    return out.toString();
  }
}

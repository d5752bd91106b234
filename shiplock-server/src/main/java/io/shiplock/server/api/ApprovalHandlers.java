package io.shiplock.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.ApprovalRepository.Verdict;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.ApprovalAnswers.Decided;
import io.shiplock.server.api.answers.ApprovalAnswers.WaitingApproval;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.engine.Approvals;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.RequestRefused;
import io.shiplock.server.notify.LinkSigner;
import java.time.Instant;
import java.util.List;

/**
 * Approvals: what waits for me, approve and reject with a comment (API), and the page an approval
 * link from an email opens. A refused decision is answered with its reason and recorded in the
 * audit log.
 */
final class ApprovalHandlers {
  record DecisionBody(String comment) {}

  private final Store store;
  private final Engine engine;
  private final Approvals approvals;
  private final LinkSigner links;

  ApprovalHandlers(Store store, Engine engine, Approvals approvals, LinkSigner links) {
    this.store = store;
    this.engine = engine;
    this.approvals = approvals;
    this.links = links;
  }

  List<Route> routes() {
    return List.of(
        Route.get(
                "/api/v1/approvals",
                "Requests waiting for approval that the caller may see, with whether (and why not)"
                    + " the caller may decide.",
                this::list)
            .answersListOf(WaitingApproval.class)
            .selfService(),
        Route.post(
                "/api/v1/requests/{id}/approve",
                "Approves a request waiting for approval; {comment}.",
                ctx -> decide(ctx, true))
            .answers(Decided.class)
            .needs(Permission.APPROVE),
        Route.post(
                "/api/v1/requests/{id}/reject",
                "Rejects a request waiting for approval; {comment}. The request fails.",
                ctx -> decide(ctx, false))
            .answers(Decided.class)
            .needs(Permission.APPROVE),
        new Route(
            HandlerType.GET,
            "/approve/{link}",
            Access.LINK,
            "The approval page of an emailed link.",
            this::page,
            null,
            false),
        new Route(
            HandlerType.POST,
            "/approve/{link}",
            Access.LINK,
            "A decision from the approval page (form fields decision and comment).",
            this::pageDecision,
            null,
            false));
  }

  private void list(Context ctx) {
    var p = ApiServer.principal(ctx);
    Json.ok(
        ctx, approvals.waitingFor(p.name(), p.admin()).stream().map(WaitingApproval::of).toList());
  }

  private void decide(Context ctx, boolean approve) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("request id must be a number");
    }
    var p = ApiServer.principal(ctx);
    String comment = ctx.body().isBlank() ? null : Json.body(ctx, DecisionBody.class).comment();
    Approvals.Result r = decided(p.name(), p.admin(), id, approve, comment, "API");
    Json.ok(ctx, new Decided(id, r));
  }

  /** Decides, or records the refusal in the audit log and refuses. */
  private Approvals.Result decided(
      String user, boolean admin, long id, boolean approve, String comment, String via) {
    try {
      return engine.decide(user, admin, id, approve, comment, via);
    } catch (RequestRefused e) {
      store.write(
          r -> {
            Audit.record(
                r,
                Instant.now(),
                user,
                approve ? "approval.approve" : "approval.reject",
                "request " + id,
                "refused",
                e.getMessage());
            return null;
          });
      throw e;
    }
  }

  private LinkSigner.Link link(Context ctx) {
    return links
        .verify(ctx.pathParam("link"), Instant.now())
        .orElseThrow(
            () ->
                new ApiException(
                    401, "unauthorized", "this approval link is not valid or has expired"));
  }

  private void page(Context ctx) {
    LinkSigner.Link link = link(ctx);
    boolean admin = store.read(r -> r.users().find(link.user()).map(u -> u.admin()).orElse(false));
    var waiting =
        approvals.waitingFor(link.user(), admin).stream()
            .filter(w -> w.request().id() == link.requestId())
            .findFirst();
    StringBuilder body = new StringBuilder();
    if (waiting.isEmpty()) {
      var req = store.read(r -> r.runs().find(link.requestId())).orElse(null);
      body.append("<p>Request ")
          .append(link.requestId())
          .append(" is not waiting for approval")
          .append(req == null ? "" : " (it is " + req.state() + ")")
          .append(".</p>");
    } else {
      var w = waiting.get();
      body.append("<dl>")
          .append(row("Request", String.valueOf(w.request().id())))
          .append(row("Application", w.request().application()))
          .append(row("Environment", w.request().environment()))
          .append(row("Process", w.request().process().name()))
          .append(
              row(
                  "Versions",
                  String.join(
                      ", ",
                      w.request().versions().stream()
                          .map(v -> v.component() + " " + v.version())
                          .toList())))
          .append(row("Requested by", w.request().requestedBy()))
          .append(
              row(
                  "Approvals",
                  w.decisions().stream().filter(d -> d.decision() == Verdict.APPROVED).count()
                      + " of "
                      + w.rules().required()))
          .append("</dl>");
      if (w.whyNot().isPresent()) {
        body.append("<p role=\"alert\">You cannot decide: ")
            .append(Html.escape(w.whyNot().get()))
            .append("</p>");
      } else {
        body.append("<form method=\"post\">")
            .append("<label for=\"comment\">Comment")
            .append(w.rules().commentRequired() ? " (required)" : "")
            .append("</label><br><textarea id=\"comment\" name=\"comment\" rows=\"4\" cols=\"60\"")
            .append(w.rules().commentRequired() ? " required" : "")
            .append("></textarea><br>")
            .append("<button name=\"decision\" value=\"approve\">Approve</button> ")
            .append("<button name=\"decision\" value=\"reject\">Reject</button></form>");
      }
    }
    Html.page(ctx, 200, "Approval for " + link.user(), body.toString());
  }

  private void pageDecision(Context ctx) {
    LinkSigner.Link link = link(ctx);
    String decision = ctx.formParam("decision");
    if (!"approve".equals(decision) && !"reject".equals(decision))
      throw ApiException.badRequest("decision must be approve or reject");
    boolean admin = store.read(r -> r.users().find(link.user()).map(u -> u.admin()).orElse(false));
    try {
      Approvals.Result r =
          decided(
              link.user(),
              admin,
              link.requestId(),
              decision.equals("approve"),
              ctx.formParam("comment"),
              "email link");
      Html.page(
          ctx,
          200,
          "Decision recorded",
          "<p>Your decision on request "
              + link.requestId()
              + " is recorded. "
              + switch (r) {
                case APPROVED -> "It had every approval it needs and has started.";
                case REJECTED -> "The request is rejected and will not run.";
                case RECORDED -> "It waits for more approvals.";
              }
              + "</p>");
    } catch (RequestRefused e) {
      Html.page(
          ctx,
          e.status(),
          "Decision refused",
          "<p role=\"alert\">" + Html.escape(e.getMessage()) + "</p>");
    }
  }

  private static String row(String k, String v) {
    return "<dt>" + Html.escape(k) + "</dt><dd>" + Html.escape(v) + "</dd>";
  }
}

package io.shiplock.server.web;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.shiplock.core.model.Permission;
import io.shiplock.server.api.Route;
import java.util.List;

/** The web pages' part of the route table. Every page is behind the session but the login. */
public final class WebRoutes {
  private WebRoutes() {}

  public static List<Route> routes(WebHandlers web, RequestPages requests, BrowsePages browse) {
    return List.of(
        Route.get("/ui/login", "The login page.", web::loginPage).open(),
        Route.post("/ui/login", "Logs in from the form; sets the session cookie.", web::login)
            .open(),
        Route.get("/ui/assets/{file}", "Stylesheet and scripts of the pages.", Assets::serve)
            .open(),
        // The first address a new user types, and the icon browsers fetch without being asked.
        Route.get("/", "Sends a browser to the web UI.", ctx -> ctx.redirect("/ui")).open(),
        Route.get("/favicon.ico", "The server's icon (SVG).", Assets::favicon).open(),
        Route.page(POST, "/ui/logout", "Logs out.", web::logout).selfService(),
        // Every user has a home page: it shows what they may read, or says they have no role.
        Route.page(GET, "/ui", "Applications with their latest activity.", web::dashboard)
            .selfService(),
        Route.page(GET, "/ui/apps/{application}", "An application's pipeline.", web::pipeline),
        Route.page(
            GET,
            "/ui/apps/{application}/events",
            "Server-sent events keeping a pipeline page current.",
            web::pipelineEvents),
        Route.page(
            GET,
            "/ui/apps/{application}/insights",
            "An application's delivery insights as weekly charts; ?since=30d&until=ISO-8601.",
            browse::insights),
        Route.page(
            GET,
            "/ui/apps/{application}/compare",
            "Two environments side by side, differences marked; ?left=ENV&right=ENV.",
            browse::compare),
        Route.page(
            POST,
            "/ui/apps/{application}/requests",
            "Requests a deployment from the pipeline page.",
            web::requestDeployment),
        Route.page(
            GET,
            "/ui/requests/{id}",
            "One request: step graph, steps, timing, output, decisions.",
            requests::request),
        Route.page(
            GET,
            "/ui/requests/{id}/events",
            "Server-sent events of a request while it runs: steps and log lines.",
            requests::events),
        Route.page(
            GET,
            "/ui/requests/{id}/log",
            "A request's whole log as plain text: every step's output in order.",
            requests::log),
        Route.page(
            POST,
            "/ui/requests/{id}/cancel",
            "Cancels a request once confirmed; asks first.",
            requests::cancel),
        Route.page(GET, "/ui/approvals", "What waits for your approval.", web::approvals)
            .selfService(),
        Route.page(POST, "/ui/approvals", "Approves or rejects, with a comment.", web::decide)
            .selfService(),
        Route.page(
            GET,
            "/ui/components/{component}",
            "A component's versions: statuses, where each is deployed, source commit.",
            browse::component),
        Route.page(GET, "/ui/agents", "Agents: online or offline, last heartbeat.", browse::agents),
        Route.page(GET, "/ui/audit", "The audit log, filterable.", browse::audit)
            .needsEverywhere(Permission.SECURITY),
        Route.page(GET, "/ui/settings", "Configuration objects, read-only.", browse::settings),
        Route.page(
            GET, "/ui/settings/object", "One configuration object as YAML.", browse::setting));
  }
}

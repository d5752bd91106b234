package io.shiplock.server.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;
import static io.shiplock.server.api.UcdCommand.Param.optional;
import static io.shiplock.server.api.UcdCommand.Param.required;

import io.shiplock.core.model.Permission;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.store.Store;
import io.shiplock.server.artifacts.BlobStore;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.engine.Engine;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of UrbanCode Deploy's {@code udclient} that Shiplock serves, and the WADL the client
 * builds them from (UCD-COMPAT.md §§1–3). Objects are named or given by UUID wherever UCD accepts
 * either; answers and errors are shaped as UCD's, so a build script written for UCD runs unchanged
 * but for {@code -weburl} and its credentials (docs/ucd-migration.md).
 */
final class UcdCommands {
  private final UcdSessions sessions;
  private final UcdVersions versions;
  private final UcdLookups lookups;
  private final UcdRequests requests;
  private final UcdFiles files;
  private final UcdCreations creations;
  private final UcdProperties properties;
  private final UcdSnapshots snapshotCommands;
  private final List<UcdCommand> commands;

  UcdCommands(
      Store store,
      AuthService auth,
      VersionHandlers versionHandlers,
      VersionStatusHandlers statuses,
      Engine engine,
      BlobStore blobs,
      SecretBox secrets,
      SnapshotHandlers snapshots,
      ConfigService config) {
    UcdNames names = new UcdNames(store);
    this.sessions = new UcdSessions(store, auth);
    this.versions = new UcdVersions(store, names, versionHandlers, statuses, secrets);
    this.lookups = new UcdLookups(store, names);
    this.requests = new UcdRequests(store, names, engine, snapshots);
    this.files = new UcdFiles(store, blobs, names);
    this.creations = new UcdCreations(store, names, config);
    this.properties = new UcdProperties(store, names, config);
    this.snapshotCommands = new UcdSnapshots(store, names, snapshots.statuses());
    this.commands = table();
  }

  private List<UcdCommand> table() {
    List<UcdCommand> all = new ArrayList<>(builtIn());
    all.addAll(properties.commands());
    all.addAll(snapshotCommands.commands());
    all.addAll(creations.commands());
    return List.copyOf(all);
  }

  private List<UcdCommand> builtIn() {
    return List.of(
        new UcdCommand(
            "login",
            PUT,
            "/teamsecurity/login",
            "Logs in and keeps a session token in ~/.ibm-ucd/authToken.",
            List.of(),
            null,
            "text/plain",
            sessions::login),
        UcdCommand.json(
            "logout",
            PUT,
            "/teamsecurity/logout",
            "Ends the session of the token kept by login.",
            List.of(),
            sessions::logout),
        UcdCommand.json(
            "createAuthToken",
            PUT,
            "/teamsecurity/tokens",
            "Creates an API token for a user (yourself, or anyone with the security permission).",
            List.of(
                required("user", "The user the token is for"),
                optional("expireDate", "Ignored: Shiplock tokens live until revoked"),
                optional("description", "What the token is for"),
                optional("allowedIps", "Ignored")),
            sessions::createAuthToken),
        UcdCommand.json(
            "createVersion",
            POST,
            "/version/createVersion",
            "Creates a component version.",
            List.of(
                required("component", "Name or ID of the component"),
                required("name", "Name of the new version"),
                optional("description", "Description of the version"),
                optional("type", "full or incremental (Shiplock versions are full)"),
                optional("importing", "Ignored")),
            versions::createVersion),
        UcdCommand.json(
            "addVersionStatus",
            PUT,
            "/version/addStatus",
            "Adds a status to a version.",
            List.of(
                optional("component", "Name or ID of the component (needed with a version name)"),
                required("version", "Name or ID of the version"),
                required("status", "Name of the status")),
            ctx -> versions.status(ctx, true)),
        UcdCommand.json(
            "removeVersionStatus",
            DELETE,
            "/version/status",
            "Removes a status from a version.",
            List.of(
                optional("component", "Name or ID of the component (needed with a version name)"),
                required("version", "Name or ID of the version"),
                required("status", "Name of the status")),
            ctx -> versions.status(ctx, false)),
        UcdCommand.json(
                "getVersionId",
                GET,
                "/version/getVersionId",
                "The ID of a version.",
                List.of(
                    required("component", "Name or ID of the component"),
                    required("version", "Name of the version")),
                versions::versionId)
            .answeringText(),
        UcdCommand.json(
            "getComponentVersions",
            GET,
            "/component/versions",
            "The versions of a component, newest first.",
            List.of(
                required("component", "Name or ID of the component"),
                optional("inactive", "Ignored: every Shiplock version is active"),
                optional("numResults", "How many versions at most")),
            versions::componentVersions),
        UcdCommand.json(
                "requestApplicationProcess",
                PUT,
                "/applicationProcessRequest/request",
                "Requests an application process on an environment.",
                List.of(),
                requests::requestProcess)
            .withTemplate(
                "{\"application\": \"\", \"applicationProcess\": \"\", \"environment\": \"\","
                    + " \"description\": \"\", \"onlyChanged\": \"false\", \"properties\": {},"
                    + " \"versions\": [{\"version\": \"\", \"component\": \"\"}]}"),
        UcdCommand.json(
            "getApplicationProcessRequestStatus",
            GET,
            "/applicationProcessRequest/requestStatus",
            "The status and result of a requested application process.",
            List.of(required("request", "ID of the request")),
            requests::requestStatus),
        UcdCommand.json(
                "setVersionProperty",
                PUT,
                "/version/versionProperties",
                "Sets a property of a version.",
                List.of(
                    optional("component", "Name or ID of the component (with a version name)"),
                    required("version", "Name or ID of the version"),
                    required("name", "Name of the property"),
                    optional("value", "Value of the property"),
                    optional(
                        "isSecure", "true for a secure value (stored encrypted, shown masked)")),
                versions::setVersionProperty)
            .withTemplate(
                "{\"component\": \"\", \"version\": \"\", \"name\": \"\", \"value\": \"\","
                    + " \"isSecure\": \"false\"}"),
        UcdCommand.json(
            "getVersionProperties",
            GET,
            "/version/versionProperties",
            "The properties of a version.",
            List.of(
                optional("component", "Name or ID of the component (with a version name)"),
                required("version", "Name or ID of the version")),
            versions::versionProperties),
        // Property setters and getters: UcdProperties.commands().
        UcdCommand.json(
                "createSnapshot",
                PUT,
                "/snapshot/createSnapshot",
                "Creates a snapshot of component versions of an application.",
                List.of(),
                requests::createSnapshot)
            .withTemplate(
                "{\"name\": \"\", \"application\": \"\", \"description\": \"\","
                    + " \"versions\": [{\"component\": \"version\"}]}"),
        UcdCommand.json(
            "createSnapshotOfEnvironment",
            PUT,
            "/snapshot/createSnapshotOfEnvironment",
            "Creates a snapshot of the versions an environment runs now.",
            List.of(
                required("environment", "Name or ID of the environment"),
                required("name", "Name of the snapshot"),
                optional("application", "Name or ID of the application (with an environment name)"),
                optional("description", "Description of the snapshot")),
            requests::createSnapshotOfEnvironment),
        UcdCommand.json(
            "addVersionLink",
            PUT,
            "/version/addLink",
            "Adds a named link (a URL) to a version.",
            List.of(
                optional("component", "Name or ID of the component (with a version name)"),
                required("version", "Name or ID of the version"),
                required("linkName", "Name of the link"),
                required("link", "The URL")),
            versions::addLink),
        UcdCommand.json(
            "getApplication",
            GET,
            "/application/info",
            "An application: id, name, description.",
            List.of(required("application", "Name or ID of the application")),
            lookups::applicationInfo),
        UcdCommand.json(
            "getComponent",
            GET,
            "/component/info",
            "A component: id, name, description.",
            List.of(required("component", "Name or ID of the component")),
            lookups::componentInfo),
        UcdCommand.json(
            "getEnvironment",
            GET,
            "/environment/info",
            "An environment of an application: id, name, description.",
            List.of(
                required("environment", "Name or ID of the environment"),
                optional(
                    "application", "Name or ID of the application (with an environment name)")),
            lookups::environmentInfo),
        UcdCommand.json(
            "getApplicationProcessUnfilledProperties",
            GET,
            "/applicationProcess/unfilledProperties",
            "The properties a request of this process would still need: none in Shiplock.",
            List.of(
                required("application", "Name or ID of the application"),
                required("processName", "Name of the application process"),
                optional("snapshot", "Name or ID of a snapshot")),
            lookups::unfilledProperties),
        UcdCommand.json(
            "getComponentsInApplication",
            GET,
            "/application/componentsInApplication",
            "The components of an application.",
            List.of(required("application", "Name or ID of the application")),
            lookups::componentsInApplication),
        UcdCommand.json(
            "getApplicationProcess",
            GET,
            "/applicationProcess/info",
            "An application process (204 when the application has none of that name).",
            List.of(
                required("application", "Name or ID of the application"),
                required("applicationProcess", "Name of the process")),
            lookups::applicationProcessInfo),
        // Carried out by the client itself at fixed addresses; declared so the client knows them.
        new UcdCommand(
            "addVersionFiles",
            POST,
            "/version/addVersionFiles",
            "Uploads files into a version.",
            List.of(
                optional("component", "Name or ID of the component"),
                required("version", "Name or ID of the version"),
                required("base", "Local directory to upload from"),
                optional("include", "Ant pattern of files to include"),
                optional("exclude", "Ant pattern of files to exclude")),
            null,
            "application/json",
            null),
        // The client asks this fixed address itself, with no Content-type, and saves the body.
        new UcdCommand(
            "downloadVersionArtifacts",
            GET,
            "/version/downloadArtifacts",
            "Downloads a version's files as a zip.",
            List.of(
                optional("component", "Name or ID of the component"),
                required("version", "Name or ID of the version"),
                optional("singleFilePath", "One file instead of all")),
            null,
            "application/json",
            ctx -> files.download(ctx)));
  }

  /** The WADL route and one route per command the server carries out. */
  List<Route> routes() {
    String wadl = UcdWadl.of(commands);
    List<Route> routes = new ArrayList<>();
    routes.add(
        Route.get(
                "/cli/application.wadl",
                "The command description UrbanCode Deploy's udclient builds its commands from.",
                ctx -> ctx.contentType("application/vnd.sun.wadl+xml").result(wadl))
            .selfService());
    routes.add(files.route());
    // uDeployRestClient's REST reads of versions (UCD-COMPAT.md §4). {comp} may be an id, so the
    // route table's {component} read check does not apply; the handler checks the name it finds.
    routes.add(
        Route.get(
            "/rest/deploy/component/{comp}/versions/{inactive}",
            "UCD REST: the versions of a component, newest first.",
            ctx -> Json.ok(ctx, versions.versionsOf(ctx, ctx.pathParam("comp"), 1000))));
    routes.add(
        Route.get(
            "/rest/deploy/component/{comp}/latestVersion",
            "UCD REST: the newest version of a component.",
            ctx ->
                Json.ok(
                    ctx,
                    versions.versionsOf(ctx, ctx.pathParam("comp"), 1).stream()
                        .findFirst()
                        .orElseThrow(
                            () ->
                                ApiException.notFound(
                                    "Component '" + ctx.pathParam("comp") + "' has no version")))));
    // uDeployRestClient deletes a version after a failed upload (UCD-COMPAT.md §4).
    routes.add(
        Route.delete(
            "/rest/deploy/version/{versionId}",
            "UCD REST: deletes a version nobody deployed and no snapshot holds (else 409).",
            versions::delete));
    // Jenkins reads a component's version-property definitions, and creates one that is missing,
    // before setVersionProperty. Shiplock versions take any property: none to read, and a
    // creation is answered as done.
    routes.add(
        Route.get(
            "/property/propSheetDef/{def}/propDefs",
            "UCD REST: version-property definitions (none: Shiplock versions take any property).",
            ctx -> Json.ok(ctx, List.of())));
    routes.add(
        Route.post(
            "/property/propSheetDef/{def}/propDefs",
            "UCD REST: defines a version property (nothing to keep); answers the definition.",
            ctx -> Json.ok(ctx, UcdBodies.object(ctx))));
    for (UcdCommand c : commands) {
      if (c.handler() == null) continue;
      Route r =
          new Route(
              c.method(),
              "/cli" + c.path(),
              Access.AUTHENTICATED,
              "udclient " + c.id() + ": " + c.summary(),
              c.handler(),
              Permission.VIEW,
              false);
      routes.add(c.id().equals("login") || c.id().equals("logout") ? r.selfService() : r);
    }
    return routes;
  }
}

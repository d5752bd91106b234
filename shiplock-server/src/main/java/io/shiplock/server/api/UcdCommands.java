package io.shiplock.server.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;
import static io.shiplock.server.api.UcdCommand.Param.optional;
import static io.shiplock.server.api.UcdCommand.Param.required;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.config.Names;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.store.ApprovalRepository;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.SnapshotRepository;
import io.shiplock.core.store.Store;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.core.ucd.UcdStates;
import io.shiplock.server.artifacts.BlobStore;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.Principal;
import io.shiplock.server.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The commands of UrbanCode Deploy's {@code udclient} that Shiplock serves, and the WADL the client
 * builds them from (UCD-COMPAT.md §§1–3). Objects are named or given by UUID wherever UCD accepts
 * either; answers and errors are shaped as UCD's, so a build script written for UCD runs unchanged
 * but for {@code -weburl} and its credentials (docs/ucd-migration.md).
 */
final class UcdCommands {
  /** Version names UCD reserves for "the newest version" (UCD-COMPAT.md §3.1). */
  static final Set<String> NEWEST = Set.of("latest", "latestVersion", "newest");

  private final Store store;
  private final AuthService auth;
  private final VersionHandlers versions;
  private final VersionStatusHandlers statuses;
  private final Engine engine;
  private final UcdFiles files;
  private final SecretBox secrets;
  private final SnapshotHandlers snapshots;
  private final List<UcdCommand> commands;

  UcdCommands(
      Store store,
      AuthService auth,
      VersionHandlers versions,
      VersionStatusHandlers statuses,
      Engine engine,
      BlobStore blobs,
      SecretBox secrets,
      SnapshotHandlers snapshots) {
    this.store = store;
    this.auth = auth;
    this.versions = versions;
    this.statuses = statuses;
    this.engine = engine;
    this.files = new UcdFiles(store, blobs, this);
    this.secrets = secrets;
    this.snapshots = snapshots;
    this.commands = table();
  }

  private List<UcdCommand> table() {
    return List.of(
        new UcdCommand(
            "login",
            PUT,
            "/teamsecurity/login",
            "Logs in and keeps a session token in ~/.ibm-ucd/authToken.",
            List.of(),
            null,
            "text/plain",
            this::login),
        UcdCommand.json(
            "logout",
            PUT,
            "/teamsecurity/logout",
            "Ends the session of the token kept by login.",
            List.of(),
            this::logout),
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
            this::createAuthToken),
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
            this::createVersion),
        UcdCommand.json(
            "addVersionStatus",
            PUT,
            "/version/addStatus",
            "Adds a status to a version.",
            List.of(
                optional("component", "Name or ID of the component (needed with a version name)"),
                required("version", "Name or ID of the version"),
                required("status", "Name of the status")),
            ctx -> status(ctx, true)),
        UcdCommand.json(
            "removeVersionStatus",
            DELETE,
            "/version/status",
            "Removes a status from a version.",
            List.of(
                optional("component", "Name or ID of the component (needed with a version name)"),
                required("version", "Name or ID of the version"),
                required("status", "Name of the status")),
            ctx -> status(ctx, false)),
        UcdCommand.json(
                "getVersionId",
                GET,
                "/version/getVersionId",
                "The ID of a version.",
                List.of(
                    required("component", "Name or ID of the component"),
                    required("version", "Name of the version")),
                this::versionId)
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
            this::componentVersions),
        UcdCommand.json(
                "requestApplicationProcess",
                PUT,
                "/applicationProcessRequest/request",
                "Requests an application process on an environment.",
                List.of(),
                this::requestProcess)
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
            this::requestStatus),
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
                this::setVersionProperty)
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
            this::versionProperties),
        UcdCommand.json(
                "createSnapshot",
                PUT,
                "/snapshot/createSnapshot",
                "Creates a snapshot of component versions of an application.",
                List.of(),
                this::createSnapshot)
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
            this::createSnapshotOfEnvironment),
        UcdCommand.json(
            "getApplication",
            GET,
            "/application/info",
            "An application: id, name, description.",
            List.of(required("application", "Name or ID of the application")),
            this::applicationInfo),
        UcdCommand.json(
            "getComponent",
            GET,
            "/component/info",
            "A component: id, name, description.",
            List.of(required("component", "Name or ID of the component")),
            this::componentInfo),
        UcdCommand.json(
            "getEnvironment",
            GET,
            "/environment/info",
            "An environment of an application: id, name, description.",
            List.of(
                required("environment", "Name or ID of the environment"),
                optional(
                    "application", "Name or ID of the application (with an environment name)")),
            this::environmentInfo),
        UcdCommand.json(
            "getApplicationProcessUnfilledProperties",
            GET,
            "/applicationProcess/unfilledProperties",
            "The properties a request of this process would still need: none in Shiplock.",
            List.of(
                required("application", "Name or ID of the application"),
                required("processName", "Name of the application process"),
                optional("snapshot", "Name or ID of a snapshot")),
            this::unfilledProperties),
        UcdCommand.json(
            "getComponentsInApplication",
            GET,
            "/application/componentsInApplication",
            "The components of an application.",
            List.of(required("application", "Name or ID of the application")),
            this::componentsInApplication),
        UcdCommand.json(
            "getApplicationProcess",
            GET,
            "/applicationProcess/info",
            "An application process (204 when the application has none of that name).",
            List.of(
                required("application", "Name or ID of the application"),
                required("applicationProcess", "Name of the process")),
            this::applicationProcessInfo),
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
            ctx -> Json.ok(ctx, versionsOf(ctx, ctx.pathParam("comp"), 1000))));
    routes.add(
        Route.get(
            "/rest/deploy/component/{comp}/latestVersion",
            "UCD REST: the newest version of a component.",
            ctx ->
                Json.ok(
                    ctx,
                    versionsOf(ctx, ctx.pathParam("comp"), 1).stream()
                        .findFirst()
                        .orElseThrow(
                            () ->
                                ApiException.notFound(
                                    "Component '" + ctx.pathParam("comp") + "' has no version")))));
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

  // --- teamsecurity ---------------------------------------------------------------------------

  private void login(Context ctx) {
    Principal p = ApiServer.principal(ctx);
    // The client writes the body to ~/.ibm-ucd/authToken as it comes: plain text, no JSON.
    ctx.contentType("text/plain").result(auth.issue(p.userId(), "udclient login", null).token());
  }

  private void logout(Context ctx) {
    Principal p = ApiServer.principal(ctx);
    if (p.tokenId() == 0)
      throw ApiException.badRequest("logout ends a token's session; this call used a password");
    auth.revoke(p.userId(), p.tokenId());
    ctx.status(204);
  }

  private void createAuthToken(Context ctx) {
    Principal p = ApiServer.principal(ctx);
    String user = param(ctx, "user", true);
    long userId;
    if (user.equals(p.name())) {
      userId = p.userId();
    } else {
      if (!ApiServer.authorizer(ctx).allowsEverywhere(Permission.SECURITY))
        throw ApiServer.forbidden(
            "user '"
                + p.name()
                + "' lacks the 'security' permission on every application, needed for a token"
                + " of user '"
                + user
                + "'");
      userId =
          store
              .read(r -> r.users().find(user))
              .orElseThrow(() -> ApiException.notFound("User '" + user + "' not found"))
              .id();
    }
    String description = ctx.queryParam("description");
    var t = auth.issue(userId, description == null ? "udclient token" : description, null);
    Json.ok(ctx, Map.of("token", t.token()));
  }

  // --- versions -------------------------------------------------------------------------------

  private void createVersion(Context ctx) {
    String component = component(ctx, param(ctx, "component", true));
    String name = param(ctx, "name", true);
    if (NEWEST.contains(name))
      throw ApiException.badRequest(
          "'" + name + "' is a reserved word for the newest version and cannot name one");
    ComponentVersion v =
        versions.create(ctx, component, name, ctx.queryParam("description"), Map.of(), List.of());
    Json.ok(ctx, version(v));
  }

  private void status(Context ctx, boolean add) {
    ComponentVersion v = version(ctx, ctx.queryParam("component"), param(ctx, "version", true));
    statuses.change(ctx, v.component(), v, param(ctx, "status", true), add);
    ctx.status(204);
  }

  private void versionId(Context ctx) {
    ComponentVersion v = version(ctx, param(ctx, "component", true), param(ctx, "version", true));
    ctx.contentType("text/plain").result(UcdIds.of(UcdIds.Numbered.VERSION, v.id()));
  }

  private void componentVersions(Context ctx) {
    int limit = 1000;
    String n = ctx.queryParam("numResults");
    if (n != null && !n.isBlank()) {
      try {
        limit = Math.max(1, Math.min(1000, Integer.parseInt(n.strip())));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("numResults must be a number, not '" + n + "'");
      }
    }
    Json.ok(ctx, versionsOf(ctx, param(ctx, "component", true), limit));
  }

  /** The newest versions of a component given by name or id, as UCD answers them. */
  private List<Map<String, Object>> versionsOf(Context ctx, String componentNameOrId, int limit) {
    String component = component(ctx, componentNameOrId);
    ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(component));
    return store.read(r -> r.versions().list(component, limit)).stream()
        .map(UcdCommands::version)
        .toList();
  }

  private void componentsInApplication(Context ctx) {
    String app = application(param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    ApplicationSpec spec =
        (ApplicationSpec)
            store.read(r -> r.config().find(ObjectKey.of(Kind.APPLICATION, app))).orElseThrow();
    Json.ok(
        ctx, spec.components().stream().map(c -> info(ObjectKey.of(Kind.COMPONENT, c))).toList());
  }

  /** UCD answers 204 for a process the application does not have (UCD-COMPAT.md §4). */
  private void applicationProcessInfo(Context ctx) {
    String app = application(param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    String name = param(ctx, "applicationProcess", true);
    ApplicationSpec spec =
        (ApplicationSpec)
            store.read(r -> r.config().find(ObjectKey.of(Kind.APPLICATION, app))).orElseThrow();
    var process = spec.processes().stream().filter(p -> p.name().equals(name)).findFirst();
    if (process.isEmpty()) {
      ctx.status(204);
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "id",
        UUID.nameUUIDFromBytes(
                ("shiplock:application-process:" + app + "/" + name)
                    .getBytes(StandardCharsets.UTF_8))
            .toString());
    m.put("name", name);
    m.put("description", process.get().description() == null ? "" : process.get().description());
    m.put("active", true);
    Json.ok(ctx, m);
  }

  /** A version as UCD answers one (UCD-COMPAT.md §3.1, §3.8). */
  static Map<String, Object> version(ComponentVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UcdIds.of(UcdIds.Numbered.VERSION, v.id()));
    m.put("name", v.name());
    m.put("description", v.description() == null ? "" : v.description());
    m.put("type", "FULL");
    m.put("created", v.createdAt().toEpochMilli());
    m.put("active", true);
    m.put("archived", false);
    m.put("sizeOnDisk", 0);
    return m;
  }

  // --- application process requests ----------------------------------------------------------

  private void requestProcess(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String app = application(UcdBodies.text(body, "application", true));
    String process = UcdBodies.text(body, "applicationProcess", true);
    String env = environment(app, UcdBodies.text(body, "environment", true));
    String snapshot = UcdBodies.text(body, "snapshot", false);
    if (UcdBodies.text(body, "date", false) != null)
      throw new ApiException(
          501, "not_implemented", "Scheduled requests ('date') are not supported by Shiplock yet");
    ApiServer.require(ctx, Permission.REQUEST, app, env);
    Map<String, String> picked = new LinkedHashMap<>();
    JsonNode list = body.path("versions");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray())
      throw ApiException.badRequest("'versions' must be a list of {\"version\", \"component\"}");
    int i = 0;
    for (JsonNode pair : list) {
      String where = "versions[" + i++ + "]";
      String component = component(ctx, UcdBodies.text(pair, "component", true, where));
      ComponentVersion v = version(ctx, component, UcdBodies.text(pair, "version", true, where));
      if (picked.put(component, v.name()) != null)
        throw ApiException.badRequest(where + ": component '" + component + "' is named twice");
    }
    if (snapshot != null) {
      // With a snapshot UCD does not use 'versions': the snapshot's versions are deployed.
      picked = RequestHandlers.fromSnapshot(snapshot(app, snapshot));
    }
    Map<String, String> props = new LinkedHashMap<>();
    JsonNode p = body.path("properties");
    if (p.isObject()) for (var e : p.properties()) props.put(e.getKey(), e.getValue().asText());
    else if (!p.isMissingNode() && !p.isNull())
      throw ApiException.badRequest("'properties' must be an object of names and values");
    long id = engine.submit(app, env, process, picked, props, ApiServer.principal(ctx).name());
    Json.ok(ctx, Map.of("requestId", UcdIds.of(UcdIds.Numbered.REQUEST, id)));
  }

  private void requestStatus(Context ctx) {
    String given = param(ctx, "request", true);
    var number = UcdIds.number(UcdIds.Numbered.REQUEST, given);
    Request req =
        (number.isPresent()
                ? store.read(r -> r.runs().find(number.getAsLong()))
                : Optional.<Request>empty())
            .filter(q -> ApiServer.scope(ctx).environment(q.application(), q.environment()))
            .orElseThrow(() -> ApiException.notFound("Request '" + given + "' not found"));
    boolean rejected =
        store.read(r -> r.approvals().decisions(req.id())).stream()
            .anyMatch(d -> d.decision() == ApprovalRepository.Verdict.REJECTED);
    String[] ucd = UcdStates.of(req.state(), rejected);
    Json.ok(ctx, Map.of("status", ucd[0], "result", ucd[1]));
  }

  // --- version properties ---------------------------------------------------------------------

  private void setVersionProperty(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    ComponentVersion v =
        version(
            ctx, UcdBodies.text(body, "component", false), UcdBodies.text(body, "version", true));
    ComponentAccess.require(ctx, store, Permission.REQUEST, v.component());
    String name = UcdBodies.text(body, "name", true);
    String bad = Names.problem(name);
    if (bad != null) throw ApiException.badRequest("Property " + bad);
    JsonNode raw = body.path("value");
    String value = raw.isMissingNode() || raw.isNull() ? "" : raw.asText();
    boolean secure = UcdBodies.bool(body, "isSecure");
    String user = ApiServer.principal(ctx).name();
    store.write(
        r -> {
          r.versions()
              .setProperty(
                  v.id(),
                  name,
                  secure
                      ? PropertyValue.secret(secrets.encrypt(value))
                      : PropertyValue.plain(value));
          Audit.record(
              r,
              Instant.now(),
              user,
              "version.property",
              v.component() + " " + v.name(),
              "success",
              name + (secure ? " (secure)" : ""));
          return null;
        });
    Json.ok(ctx, property(v, name, value, secure));
  }

  private void versionProperties(Context ctx) {
    ComponentVersion v = version(ctx, ctx.queryParam("component"), param(ctx, "version", true));
    List<Map<String, Object>> out = new ArrayList<>();
    v.properties().forEach((k, p) -> out.add(property(v, k, p.value(), p.secure())));
    Json.ok(ctx, out);
  }

  /** A property as UCD answers one; a secure value never leaves the server. */
  private static Map<String, Object> property(
      ComponentVersion v, String name, String value, boolean secure) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "id",
        UUID.nameUUIDFromBytes(
                ("shiplock:version-property:" + v.id() + "/" + name)
                    .getBytes(StandardCharsets.UTF_8))
            .toString());
    m.put("name", name);
    m.put("value", secure ? "****" : value);
    m.put("description", "");
    m.put("secure", secure);
    return m;
  }

  // --- snapshots ------------------------------------------------------------------------------

  private void createSnapshot(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String app = application(UcdBodies.text(body, "application", true));
    String name = UcdBodies.text(body, "name", true);
    Map<String, String> picked = new LinkedHashMap<>();
    JsonNode list = body.path("versions");
    if (!list.isArray())
      throw ApiException.badRequest(
          "'versions' must be a list of single-key objects {\"component\": \"version\"}");
    int i = 0;
    for (JsonNode one : list) {
      String where = "versions[" + i++ + "]";
      if (!one.isObject() || one.size() != 1)
        throw ApiException.badRequest(where + " must be one {\"component\": \"version\"}");
      var e = one.properties().iterator().next();
      String component = component(ctx, e.getKey());
      ComponentVersion v = version(ctx, component, e.getValue().asText());
      if (picked.put(component, v.name()) != null)
        throw ApiException.badRequest(where + ": component '" + component + "' is named twice");
    }
    var s = snapshots.create(ctx, app, name, UcdBodies.text(body, "description", false), picked);
    Json.ok(ctx, snapshot(s));
  }

  private void createSnapshotOfEnvironment(Context ctx) {
    String appGiven = param(ctx, "application", false);
    String given = param(ctx, "environment", true);
    var key = environmentKey(appGiven, given);
    var s =
        snapshots.createFromEnvironment(
            ctx,
            key.application(),
            param(ctx, "name", true),
            ctx.queryParam("description"),
            key.name());
    Json.ok(ctx, snapshot(s));
  }

  /** A snapshot as UCD answers one (UCD-COMPAT.md §3.6). */
  private static Map<String, Object> snapshot(SnapshotRepository.Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UcdIds.of(UcdIds.Numbered.SNAPSHOT, s.id()));
    m.put("name", s.name());
    m.put("description", s.description() == null ? "" : s.description());
    m.put("created", s.createdAt().toEpochMilli());
    m.put("active", true);
    m.put("locked", true);
    return m;
  }

  /** An application's snapshot from its name or ID. */
  private SnapshotRepository.Snapshot snapshot(String app, String nameOrId) {
    var number = UcdIds.number(UcdIds.Numbered.SNAPSHOT, nameOrId);
    var found =
        number.isPresent()
            ? store.read(r -> r.snapshots().find(number.getAsLong()))
            : store.read(r -> r.snapshots().find(app, nameOrId));
    return found
        .filter(s -> s.application().equals(app))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "Snapshot '" + nameOrId + "' not found in application '" + app + "'"));
  }

  // --- lookups --------------------------------------------------------------------------------

  private void applicationInfo(Context ctx) {
    String app = application(param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    Json.ok(ctx, info(ObjectKey.of(Kind.APPLICATION, app)));
  }

  private void componentInfo(Context ctx) {
    String component = component(ctx, param(ctx, "component", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(component));
    Map<String, Object> m = info(ObjectKey.of(Kind.COMPONENT, component));
    // uDeployRestClient reads where the version properties are defined.
    m.put(
        "versionPropSheetDef",
        Map.of("id", m.get("id"), "path", "components/" + m.get("id") + "/versionPropSheetDef"));
    Json.ok(ctx, m);
  }

  private void environmentInfo(Context ctx) {
    var key = environmentKey(param(ctx, "application", false), param(ctx, "environment", true));
    String app = key.application();
    String env = key.name();
    ApiServer.requireRead(ApiServer.scope(ctx).refuseEnvironment(app, env));
    Map<String, Object> m = info(new ObjectKey(Kind.ENVIRONMENT, app, env));
    m.put("application", Map.of("id", UcdIds.of(ObjectKey.of(Kind.APPLICATION, app)), "name", app));
    Json.ok(ctx, m);
  }

  private void unfilledProperties(Context ctx) {
    String app = application(param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    // Shiplock processes declare no required request properties: nothing is ever unfilled.
    Json.ok(ctx, List.of());
  }

  /** The fields UCD answers for every object: id, name, description, active. */
  private Map<String, Object> info(ObjectKey key) {
    var o =
        store
            .read(r -> r.config().find(key))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        key.kind().yamlName() + " '" + key.name() + "' not found"));
    String description =
        switch (o) {
          case ApplicationSpec a -> a.description();
          case ComponentSpec c -> c.description();
          case EnvironmentSpec e -> e.description();
          default -> null;
        };
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UcdIds.of(key));
    m.put("name", key.name());
    m.put("description", description == null ? "" : description);
    m.put("active", true);
    return m;
  }

  /** An environment's key from its ID alone, or from its name with its application. */
  private ObjectKey environmentKey(String appGiven, String given) {
    if (appGiven == null) {
      if (!UcdIds.isUuid(given))
        throw ApiException.badRequest(
            "Missing required parameter 'application' (needed when the environment is a name)");
      return store.read(r -> r.config().list(Kind.ENVIRONMENT)).stream()
          .map(o -> o.key())
          .filter(k -> UcdIds.of(k).equals(given.toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(() -> ApiException.notFound("Environment '" + given + "' not found"));
    }
    String app = application(appGiven);
    return new ObjectKey(Kind.ENVIRONMENT, app, environment(app, given));
  }

  /** An application's name from its name or ID; 404 naming it when there is none. */
  String application(String nameOrId) {
    return named(Kind.APPLICATION, null, nameOrId, "Application");
  }

  /** An environment's name (of this application) from its name or ID. */
  String environment(String application, String nameOrId) {
    return named(Kind.ENVIRONMENT, application, nameOrId, "Environment");
  }

  private String named(Kind kind, String application, String nameOrId, String label) {
    if (UcdIds.isUuid(nameOrId)) {
      String id = nameOrId.toLowerCase(Locale.ROOT);
      return store.read(r -> r.config().list(kind)).stream()
          .filter(o -> application == null || application.equals(o.key().application()))
          .filter(o -> UcdIds.of(o.key()).equals(id))
          .map(o -> o.name())
          .findFirst()
          .orElseThrow(() -> ApiException.notFound(label + " '" + nameOrId + "' not found"));
    }
    if (store.read(r -> r.config().find(new ObjectKey(kind, application, nameOrId))).isEmpty())
      throw ApiException.notFound(
          label
              + " '"
              + nameOrId
              + "' not found"
              + (application == null ? "" : " in application '" + application + "'"));
    return nameOrId;
  }

  // --- names and ids --------------------------------------------------------------------------

  /** A parameter the client sent; a missing required one is UCD's 400 naming it. */
  static String param(Context ctx, String name, boolean required) {
    String v = ctx.queryParam(name);
    if ((v == null || v.isBlank()) && required)
      throw ApiException.badRequest("Missing required parameter '" + name + "'");
    return v == null ? null : v.strip();
  }

  /** A component's name from its name or ID; 404 naming it when there is none. */
  String component(Context ctx, String nameOrId) {
    if (UcdIds.isUuid(nameOrId)) {
      String id = nameOrId.toLowerCase(Locale.ROOT);
      return store.read(r -> r.config().list(Kind.COMPONENT)).stream()
          .filter(o -> UcdIds.of(o.key()).equals(id))
          .map(o -> o.name())
          .findFirst()
          .orElseThrow(() -> ApiException.notFound("Component '" + nameOrId + "' not found"));
    }
    if (store.read(r -> r.config().find(ObjectKey.of(Kind.COMPONENT, nameOrId))).isEmpty())
      throw ApiException.notFound("Component '" + nameOrId + "' not found");
    return nameOrId;
  }

  /**
   * A version from its ID, or from its name (or latest, latestVersion, newest) with its component;
   * read only when the caller may read its component.
   */
  ComponentVersion version(Context ctx, String componentNameOrId, String version) {
    var number = UcdIds.number(UcdIds.Numbered.VERSION, version);
    ComponentVersion v;
    if (number.isPresent()) {
      v =
          store
              .read(r -> r.versions().find(number.getAsLong()))
              .orElseThrow(() -> ApiException.notFound("Version '" + version + "' not found"));
    } else {
      if (componentNameOrId == null || componentNameOrId.isBlank())
        throw ApiException.badRequest(
            "Missing required parameter 'component' (needed when the version is a name)");
      String component = component(ctx, componentNameOrId);
      ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(component));
      v =
          (NEWEST.contains(version)
                  ? store.read(r -> r.versions().list(component, 1)).stream().findFirst()
                  : store.read(r -> r.versions().find(component, version)))
              .orElseThrow(
                  () ->
                      ApiException.notFound(
                          "Version '" + version + "' of component '" + component + "' not found"));
    }
    ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(v.component()));
    return v;
  }
}

package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.config.Names;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Store;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.server.audit.Audit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * udclient's version commands: create, find, list, statuses and properties. Creating a version and
 * changing its statuses go through Shiplock's own code, with its permissions and audit.
 */
final class UcdVersions {
  private final Store store;
  private final UcdNames names;
  private final VersionHandlers versions;
  private final VersionStatusHandlers statuses;
  private final SecretBox secrets;

  UcdVersions(
      Store store,
      UcdNames names,
      VersionHandlers versions,
      VersionStatusHandlers statuses,
      SecretBox secrets) {
    this.store = store;
    this.names = names;
    this.versions = versions;
    this.statuses = statuses;
    this.secrets = secrets;
  }

  void createVersion(Context ctx) {
    String component = names.component(ctx, UcdNames.param(ctx, "component", true));
    String name = UcdNames.param(ctx, "name", true);
    if (UcdNames.NEWEST.contains(name))
      throw ApiException.badRequest(
          "'" + name + "' is a reserved word for the newest version and cannot name one");
    ComponentVersion v =
        versions.create(ctx, component, name, ctx.queryParam("description"), Map.of(), List.of());
    Json.ok(ctx, answer(v));
  }

  void status(Context ctx, boolean add) {
    ComponentVersion v =
        names.version(ctx, ctx.queryParam("component"), UcdNames.param(ctx, "version", true));
    statuses.change(ctx, v.component(), v, UcdNames.param(ctx, "status", true), add);
    ctx.status(204);
  }

  void versionId(Context ctx) {
    ComponentVersion v =
        names.version(
            ctx, UcdNames.param(ctx, "component", true), UcdNames.param(ctx, "version", true));
    ctx.contentType("text/plain").result(UcdIds.of(UcdIds.Numbered.VERSION, v.id()));
  }

  void componentVersions(Context ctx) {
    int limit = 1000;
    String n = ctx.queryParam("numResults");
    if (n != null && !n.isBlank()) {
      try {
        limit = Math.max(1, Math.min(1000, Integer.parseInt(n.strip())));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("numResults must be a number, not '" + n + "'");
      }
    }
    Json.ok(ctx, versionsOf(ctx, UcdNames.param(ctx, "component", true), limit));
  }

  /** The newest versions of a component given by name or id, as UCD answers them. */
  List<Map<String, Object>> versionsOf(Context ctx, String componentNameOrId, int limit) {
    String component = names.component(ctx, componentNameOrId);
    ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(component));
    return store.read(r -> r.versions().list(component, limit)).stream()
        .map(UcdVersions::answer)
        .toList();
  }

  /** A version as UCD answers one (UCD-COMPAT.md §3.1, §3.8). */
  static Map<String, Object> answer(ComponentVersion v) {
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

  void setVersionProperty(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    ComponentVersion v =
        names.version(
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

  /** uDeployRestClient's addLink: a named URL on the version (a build page, a ticket). */
  void addLink(Context ctx) {
    ComponentVersion v =
        names.version(ctx, ctx.queryParam("component"), UcdNames.param(ctx, "version", true));
    ComponentAccess.require(ctx, store, Permission.REQUEST, v.component());
    String name = UcdNames.param(ctx, "linkName", true);
    String link = UcdNames.param(ctx, "link", true);
    if (name.length() > 255 || link.length() > 4000)
      throw ApiException.badRequest("A link name has at most 255 characters, a link 4000");
    String user = ApiServer.principal(ctx).name();
    store.write(
        r -> {
          r.versions().setLink(v.id(), name, link);
          Audit.record(
              r,
              Instant.now(),
              user,
              "version.link",
              v.component() + " " + v.name(),
              "success",
              name + " " + link);
          return null;
        });
    ctx.status(204);
  }

  /**
   * uDeployRestClient deletes a version whose upload failed. Only a version that is nobody's
   * history may go: never requested nor installed, in no snapshot; else 409 saying which. Needs
   * what creating it needs.
   */
  void delete(Context ctx) {
    ComponentVersion v = names.version(ctx, null, ctx.pathParam("versionId"));
    ComponentAccess.require(ctx, store, Permission.REQUEST, v.component());
    String user = ApiServer.principal(ctx).name();
    store.write(
        r -> {
          r.versions()
              .inUse(v.id())
              .ifPresent(
                  why -> {
                    throw new ApiException(
                        409,
                        "conflict",
                        "Version '"
                            + v.name()
                            + "' of component '"
                            + v.component()
                            + "' cannot be deleted: "
                            + why);
                  });
          r.versions().delete(v.id());
          Audit.record(
              r,
              Instant.now(),
              user,
              "version.delete",
              v.component() + " " + v.name(),
              "success",
              "by UCD REST");
          return null;
        });
    ctx.status(204);
  }

  void versionProperties(Context ctx) {
    ComponentVersion v =
        names.version(ctx, ctx.queryParam("component"), UcdNames.param(ctx, "version", true));
    List<Map<String, Object>> out = new ArrayList<>();
    v.properties().forEach((k, p) -> out.add(property(v, k, p.value(), p.secure())));
    Json.ok(ctx, out);
  }

  private static Map<String, Object> property(
      ComponentVersion v, String name, String value, boolean secure) {
    String id =
        UUID.nameUUIDFromBytes(
                ("shiplock:version-property:" + v.id() + "/" + name)
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    return UcdProperties.answer(id, name, value, secure, "");
  }
}

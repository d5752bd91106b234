package io.shiplock.server.web;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.security.Authorizer;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.InventoryRepository.Entry;
import io.shiplock.core.store.Repositories;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A component's page: its newest versions with their statuses, the commit each came from, and where
 * each one is deployed in the applications the caller may see.
 */
public record ComponentView(String name, List<String> applications, List<Row> versions, int limit) {
  public record Row(
      String version,
      Instant createdAt,
      String createdBy,
      List<PipelineView.Badge> statuses,
      String commit,
      String commitMessage,
      List<String> deployedAt) {}

  static Optional<ComponentView> of(Repositories r, String component, Authorizer authz, int limit) {
    if (r.config().find(ObjectKey.of(Kind.COMPONENT, component)).isEmpty()) return Optional.empty();
    List<String> apps =
        r.config().list(Kind.APPLICATION).stream()
            .map(o -> (ApplicationSpec) o)
            .filter(a -> a.components().contains(component))
            .map(ApplicationSpec::name)
            .filter(a -> authz.allows(Permission.VIEW, a, null))
            .toList();
    Map<String, List<String>> where = new HashMap<>();
    for (String app : apps)
      for (Entry e : r.inventory().list(app, null)) {
        if (!e.place().component().equals(component) || e.actual().isEmpty()) continue;
        String at = app + " / " + e.place().environment();
        if (!e.statuses().isEmpty())
          at += " (" + String.join(", ", e.statuses().stream().map(s -> s.status()).toList()) + ")";
        where.computeIfAbsent(e.actual().get().version(), k -> new ArrayList<>()).add(at);
      }
    Map<String, String> colors = PipelineViews.colors(r);
    List<Row> rows = new ArrayList<>();
    for (ComponentVersion v : r.versions().list(component, limit)) {
      String sha = plain(v.properties().get("commit.sha"));
      rows.add(
          new Row(
              v.name(),
              v.createdAt(),
              v.createdBy(),
              v.statuses().stream()
                  .map(s -> new PipelineView.Badge(s, colors.getOrDefault(s, "#455a64")))
                  .toList(),
              sha == null ? null : sha.substring(0, Math.min(12, sha.length())),
              firstLine(plain(v.properties().get("commit.message"))),
              where.getOrDefault(v.name(), List.of())));
    }
    return Optional.of(new ComponentView(component, apps, rows, limit));
  }

  /** A property's value unless it is secure: secure values are never rendered. */
  private static String plain(PropertyValue p) {
    return p == null || p.secure() ? null : p.value();
  }

  private static String firstLine(String s) {
    if (s == null) return null;
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

package io.shiplock.server.web;

import static io.shiplock.server.web.Pages.render;

import io.javalin.http.Context;
import io.shiplock.core.config.ConfigWriter;
import io.shiplock.core.insights.InsightsQuery;
import io.shiplock.core.insights.StoredInsights;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.security.ReadScope;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.store.AuditRepository.Event;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.ApiServer;
import io.shiplock.server.api.Comparisons;
import io.shiplock.server.auth.Authorizations;
import io.shiplock.server.auth.Principal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages that only read: a component's versions, the agents, the audit log and the settings
 * (configuration is managed as code, so the settings are shown, never edited here).
 */
public final class BrowsePages {
  private final Store store;
  private final ConfigService config;
  private final Clock clock;

  public BrowsePages(Store store, ConfigService config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  public void component(Context ctx, Principal p) {
    String name = ctx.pathParam("component");
    int limit =
        Math.max(
            1, Math.min(1000, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100)));
    var view =
        store.read(
            r -> ComponentView.of(r, name, Authorizations.of(r, p.name(), p.admin()), limit));
    if (view.isEmpty() || (view.get().applications().isEmpty() && !p.admin())) {
      ctx.status(404).result("no component named " + name);
      return;
    }
    render(ctx, 200, "component.jte", Map.of("user", p.name(), "view", view.get()));
  }

  public record AgentRow(
      String name, boolean online, Instant lastSeen, String ago, String host, String version) {}

  public void agents(Context ctx, Principal p) {
    Instant now = clock.instant();
    List<AgentRow> rows = new ArrayList<>();
    ReadScope scope = ApiServer.scope(ctx);
    for (var s : store.read(r -> r.agents().statuses())) {
      if (!scope.agent(s.name())) continue;
      boolean online = s.onlineAt(now);
      rows.add(
          new AgentRow(
              s.name(),
              online,
              s.lastSeen(),
              s.lastSeen() == null ? "" : ago(Duration.between(s.lastSeen(), now)),
              s.host() == null ? "" : s.host(),
              s.version() == null ? "" : s.version()));
    }
    render(ctx, 200, "agents.jte", Map.of("user", p.name(), "agents", rows));
  }

  static String ago(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) return s + " s ago";
    if (s < 7200) return s / 60 + " min ago";
    if (s < 172_800) return s / 3600 + " h ago";
    return s / 86_400 + " days ago";
  }

  /** The audit log, newest first, filtered by day, user and action prefix. */
  public void audit(Context ctx, Principal p) {
    // The route table asks 'security' on every application before this page runs.
    String since = blankToNull(ctx.queryParam("since"));
    String actor = blankToNull(ctx.queryParam("user"));
    String action = blankToNull(ctx.queryParam("action"));
    Instant from = null;
    String error = null;
    if (since != null) {
      try {
        from = LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        error = "since must be a day like 2026-11-28, not '" + since + "'";
        since = null; // not echoed into the date field, which could not show it
      }
    }
    Instant f = from;
    var events =
        error != null ? List.<Event>of() : store.read(r -> r.audit().list(f, actor, action, 500));
    Map<String, Object> m = new HashMap<>();
    m.put("user", p.name());
    m.put("events", events);
    m.put("since", since == null ? "" : since);
    m.put("actor", actor == null ? "" : actor);
    m.put("action", action == null ? "" : action);
    m.put("error", error);
    render(ctx, error == null ? 200 : 400, "audit.jte", m);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * Two environments of an application side by side (?left=ENV&right=ENV; the first two the caller
   * may read by default), differences marked; the selects offer every readable one.
   */
  public void compare(Context ctx, Principal p) {
    String app = ctx.pathParam("application");
    ReadScope scope = ApiServer.scope(ctx);
    if (scope.refuseApplication(app).isPresent()
        || config.find(ObjectKey.of(Kind.APPLICATION, app)).isEmpty()) {
      ctx.status(404).result("no application named " + app);
      return;
    }
    List<String> readable =
        store.read(r -> PipelineViews.environments(r, app)).stream()
            .filter(e -> scope.environment(app, e))
            .toList();
    String left =
        Optional.ofNullable(blankToNull(ctx.queryParam("left"))).orElse(pick(readable, 0));
    String right =
        Optional.ofNullable(blankToNull(ctx.queryParam("right"))).orElse(pick(readable, 1));
    Map<String, Object> m = new HashMap<>();
    m.put("user", p.name());
    m.put("application", app);
    m.put("environments", readable);
    m.put("left", left == null ? "" : left);
    m.put("right", right == null ? "" : right);
    m.put("comparison", null);
    if (left == null || right == null) {
      m.put("error", "Comparing needs two environments you may read.");
      render(ctx, 200, "compare.jte", m);
      return;
    }
    if (!readable.contains(left) || !readable.contains(right)) {
      m.put(
          "error",
          "No environment named '"
              + (readable.contains(left) ? right : left)
              + "' of "
              + app
              + " is yours to read.");
      render(ctx, 404, "compare.jte", m);
      return;
    }
    m.put("comparison", store.read(r -> Comparisons.of(r, app, left, right)));
    render(ctx, 200, "compare.jte", m);
  }

  private static String pick(List<String> envs, int i) {
    return envs.size() > i ? envs.get(i) : null;
  }

  /**
   * An application's delivery insights: the figures of each environment the caller may read over
   * the period (?since=30d&until=…), and each figure as a chart of its weeks.
   */
  public void insights(Context ctx, Principal p) {
    String app = ctx.pathParam("application");
    ReadScope scope = ApiServer.scope(ctx);
    if (scope.refuseApplication(app).isPresent()
        || config.find(ObjectKey.of(Kind.APPLICATION, app)).isEmpty()) {
      ctx.status(404).result("no application named " + app);
      return;
    }
    String since = blankToNull(ctx.queryParam("since"));
    String until = blankToNull(ctx.queryParam("until"));
    Map<String, Object> m = new HashMap<>();
    m.put("user", p.name());
    m.put("since", since == null ? "30d" : since);
    m.put("until", until == null ? "" : until);
    InsightsQuery q;
    try {
      q = InsightsQuery.parse(since, until, clock.instant());
    } catch (IllegalArgumentException e) {
      m.put("view", new InsightsView(app, null, null, List.of()));
      m.put("error", e.getMessage());
      render(ctx, 400, "insights.jte", m);
      return;
    }
    var periods =
        store.read(r -> StoredInsights.readAll(r, app, e -> scope.environment(app, e), q));
    m.put("view", InsightsView.of(app, q.since(), q.until(), periods));
    render(ctx, 200, "insights.jte", m);
  }

  /** A configuration object as the settings page links it. */
  public record Setting(String kind, String application, String name) {
    public String label() {
      return application == null ? name : application + " / " + name;
    }

    public String href() {
      return "/ui/settings/object?kind="
          + enc(kind)
          + (application == null ? "" : "&application=" + enc(application))
          + "&name="
          + enc(name);
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  /** Every configuration object the caller may read, by kind. */
  public void settings(Context ctx, Principal p) {
    Map<String, List<Setting>> kinds = new LinkedHashMap<>();
    ReadScope scope = ApiServer.scope(ctx);
    for (Kind k : Kind.values()) {
      if (!k.isConfigObject()) continue; // snapshots are not settings: none are listed here
      List<Setting> objects = new ArrayList<>();
      for (ConfigObject o : config.list(k))
        if (scope.object(o))
          objects.add(new Setting(k.yamlName(), o.key().application(), o.key().name()));
      kinds.put(k.plural(), objects);
    }
    render(
        ctx,
        200,
        "settings.jte",
        Map.of("user", p.name(), "kinds", kinds, "revision", config.revision()));
  }

  /** One object as YAML, secure values masked, exactly as `shiplock export` writes it. */
  public void setting(Context ctx, Principal p) {
    Kind kind = null;
    for (Kind k : Kind.values()) if (k.yamlName().equals(ctx.queryParam("kind"))) kind = k;
    String name = ctx.queryParam("name");
    ReadScope scope = ApiServer.scope(ctx);
    if (kind != null && name != null) {
      var refused = scope.refuse(new ObjectKey(kind, ctx.queryParam("application"), name));
      if (refused.isPresent()) {
        render(
            ctx,
            403,
            "message.jte",
            Map.of("user", p.name(), "title", "Not allowed", "text", refused.get()));
        return;
      }
    }
    var found =
        kind == null || name == null
            ? Optional.<ConfigObject>empty()
            : config
                .find(new ObjectKey(kind, ctx.queryParam("application"), name))
                .filter(scope::object);
    if (found.isEmpty()) {
      ctx.status(404).result("no such configuration object");
      return;
    }
    Map<String, Object> m = new HashMap<>();
    m.put("user", p.name());
    m.put("title", found.get().key().toString());
    m.put("yaml", ConfigWriter.toYaml(List.of(found.get())));
    m.put("revision", config.revision());
    render(ctx, 200, "setting.jte", m);
  }
}

package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.config.ConfigSchema;
import io.shiplock.core.config.Plan;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.Permission;
import io.shiplock.core.security.Grants;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.server.audit.Audit;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Configuration as code: plan, apply, export, schema. */
final class ConfigHandlers {
  record FileBody(String name, String content) {}

  record ConfigRequest(List<FileBody> files, boolean prune) {}

  private final ConfigService config;
  private final StepCatalog catalog;

  ConfigHandlers(ConfigService config, StepCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/api/v1/config/plan",
                "What applying these files would change; changes nothing.",
                this::plan)
            // A plan shows every object it would change or prune: as wide as apply itself.
            .needsEverywhere(Permission.CONFIGURE),
        Route.post(
                "/api/v1/config/apply",
                "Applies configuration files in one transaction: all of it or, on any problem, none.",
                this::apply)
            .needsEverywhere(Permission.CONFIGURE),
        Route.get(
                "/api/v1/config/export",
                "All configuration as YAML that applies back to the same state.",
                this::export)
            // All of it or nothing: a filtered export would not apply back to the same state.
            .needsEverywhere(Permission.VIEW),
        Route.get("/api/v1/config/schema", "JSON Schema of the configuration format.", this::schema)
            .selfService());
  }

  private static List<SourceFile> files(ConfigRequest req) {
    if (req.files() == null || req.files().isEmpty()) {
      throw ApiException.badRequest("'files' must list at least one {name, content}");
    }
    for (FileBody f : req.files()) {
      if (f == null || f.name() == null || f.content() == null) {
        throw ApiException.badRequest("each file needs a 'name' and a 'content'");
      }
    }
    return req.files().stream().map(f -> new SourceFile(f.name(), f.content())).toList();
  }

  private void plan(Context ctx) {
    ConfigRequest req = Json.body(ctx, ConfigRequest.class);
    long t0 = System.nanoTime();
    Json.ok(ctx, result(config.plan(files(req), req.prune()), false, t0));
  }

  private void apply(Context ctx) {
    ConfigRequest req = Json.body(ctx, ConfigRequest.class);
    long t0 = System.nanoTime();
    String user = ApiServer.principal(ctx).name();
    var authz = ApiServer.authorizer(ctx);
    // The audit entry is written in the apply's own transaction: both or neither.
    Plan plan =
        config.apply(
            files(req),
            req.prune(),
            user,
            (r, applied) -> {
              // Checked on the configuration as applied, inside its transaction: a refusal
              // rolls all of it back.
              Grants.refusal(authz, applied.changes(), key -> r.config().find(key))
                  .ifPresent(
                      why -> {
                        throw ApiServer.forbidden(why);
                      });
              Audit.record(
                  r,
                  Instant.now(),
                  user,
                  "config.apply",
                  "revision " + applied.revision(),
                  "success",
                  applied.summary()
                      + ": "
                      + String.join(
                          "; ",
                          applied.changes().stream().limit(50).map(c -> c.toString()).toList()));
            });
    Json.ok(ctx, result(plan, true, t0));
  }

  private void export(Context ctx) {
    ctx.contentType("application/yaml").result(config.export());
  }

  private void schema(Context ctx) {
    Json.ok(ctx, ConfigSchema.of(catalog));
  }

  /** The plan as JSON; elapsedMs is the server's time for the work, for clients and benchmarks. */
  static Map<String, Object> result(Plan plan, boolean applied, long startNanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("elapsedMs", (System.nanoTime() - startNanos) / 1_000_000);
    m.put("applied", applied && !plan.isEmpty());
    m.put("revision", plan.revision());
    m.put("summary", plan.summary());
    m.put("warnings", ApiErrors.problems(plan.warnings()));
    m.put(
        "changes",
        plan.changes().stream()
            .map(
                c -> {
                  Map<String, Object> cm = new LinkedHashMap<>();
                  cm.put("action", c.action().name().toLowerCase(Locale.ROOT));
                  cm.put("kind", c.key().kind().yamlName());
                  if (c.key().application() != null) cm.put("application", c.key().application());
                  cm.put("name", c.key().name());
                  if (!c.fields().isEmpty()) cm.put("fields", c.fields());
                  cm.put("text", c.toString());
                  return cm;
                })
            .toList());
    return m;
  }
}

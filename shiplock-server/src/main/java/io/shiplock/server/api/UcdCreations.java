package io.shiplock.server.api;

import static io.javalin.http.HandlerType.PUT;
import static io.shiplock.server.api.UcdCommand.Param.optional;
import static io.shiplock.server.api.UcdCommand.Param.required;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.config.Plan;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.store.Store;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.core.ucd.imports.UcdImportException;
import io.shiplock.core.ucd.imports.UcdImporter;
import io.shiplock.server.audit.Audit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The UCD calls that create configuration (UCD-COMPAT.md §4: what the CI plugins and setup scripts
 * call): components, applications, environments, component and application processes, and adding a
 * component to an application. Each is a change of Shiplock's configuration made as an apply of
 * that object would make it ({@link ConfigService#edit}): under the configuration lock, checked by
 * the same rules as files, one new revision, audited in the same transaction; {@code config export}
 * then shows it. Processes are mapped from their {@code rootActivity} as an import maps them.
 */
final class UcdCreations {
  private final Store store;
  private final UcdNames names;
  private final ConfigService config;

  UcdCreations(Store store, UcdNames names, ConfigService config) {
    this.store = store;
    this.names = names;
    this.config = config;
  }

  List<UcdCommand> commands() {
    return List.of(
        UcdCommand.json(
                "createComponent",
                PUT,
                "/component/create",
                "Creates a component (Shiplock configuration, as an apply would).",
                List.of(),
                this::createComponent)
            .withTemplate(
                "{\"name\": \"\", \"description\": \"\", \"sourceConfigPlugin\": \"\","
                    + " \"importAutomatically\": \"false\", \"useVfs\": \"true\","
                    + " \"defaultVersionType\": \"FULL\", \"properties\": {}}"),
        UcdCommand.json(
                "createApplication",
                PUT,
                "/application/create",
                "Creates an application.",
                List.of(),
                this::createApplication)
            .withTemplate("{\"name\": \"\", \"description\": \"\"}"),
        UcdCommand.json(
            "addComponentToApp",
            PUT,
            "/application/addComponentToApp",
            "Adds a component to an application.",
            List.of(
                required("application", "Name or ID of the application"),
                required("component", "Name or ID of the component")),
            this::addComponentToApp),
        UcdCommand.json(
                "createEnvironment",
                PUT,
                "/environment/createEnvironment",
                "Creates an environment at the end of an application's pipeline.",
                List.of(
                    required("application", "Name or ID of the application"),
                    required("name", "Name of the environment"),
                    optional("description", "Description of the environment"),
                    optional("color", "Ignored"),
                    optional("requireApprovals", "Approval rules are set in configuration")),
                this::createEnvironment)
            .answeringText(),
        UcdCommand.json(
                "createComponentProcess",
                PUT,
                "/componentProcess/create",
                "Creates a component process from its UCD graph (rootActivity).",
                List.of(),
                this::createComponentProcess)
            .withTemplate("{\"component\": \"\", \"name\": \"\", \"rootActivity\": {}}"),
        UcdCommand.json(
                "createApplicationProcess",
                PUT,
                "/applicationProcess/create",
                "Creates an application process from its UCD graph (rootActivity).",
                List.of(),
                this::createApplicationProcess)
            .withTemplate("{\"application\": \"\", \"name\": \"\", \"rootActivity\": {}}"));
  }

  void createComponent(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String name = UcdBodies.text(body, "name", true).strip();
    String template = UcdBodies.text(body, "templateName", false);
    if (template != null && !template.isBlank())
      throw ApiException.badRequest(
          "Shiplock keeps no component templates: import the template with its components"
              + " (shiplock import ucd)");
    requireEverywhere(ctx);
    ObjectKey key = ObjectKey.of(Kind.COMPONENT, name);
    refuseExisting(key, "Component");
    Map<String, PropertyValue> props = new LinkedHashMap<>();
    JsonNode given = body.path("properties");
    given
        .fieldNames()
        .forEachRemaining(
            n -> {
              // "Plugin/property" names configure UCD's version import; Shiplock has none.
              if (!n.contains("/")) props.put(n, PropertyValue.plain(given.get(n).asText()));
            });
    String description = UcdBodies.text(body, "description", false);
    change(
        ctx,
        "createComponent",
        key,
        current -> List.of(new ComponentSpec(name, description, props, List.of(), List.of())));
    answer(ctx, key, name, description);
  }

  void createApplication(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String name = UcdBodies.text(body, "name", true).strip();
    requireEverywhere(ctx);
    ObjectKey key = ObjectKey.of(Kind.APPLICATION, name);
    refuseExisting(key, "Application");
    String description = UcdBodies.text(body, "description", false);
    change(
        ctx,
        "createApplication",
        key,
        current -> List.of(new ApplicationSpec(name, description, List.of(), Map.of(), List.of())));
    answer(ctx, key, name, description);
  }

  void addComponentToApp(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String app = names.application(UcdBodies.text(body, "application", true));
    String component = names.component(ctx, UcdBodies.text(body, "component", true));
    ConfigAccess.application(ctx, store, app);
    ObjectKey key = ObjectKey.of(Kind.APPLICATION, app);
    change(
        ctx,
        "addComponentToApp",
        key,
        current -> {
          ApplicationSpec a = (ApplicationSpec) find(current, key);
          if (a.components().contains(component)) return List.of(a);
          List<String> components = new ArrayList<>(a.components());
          components.add(component);
          return List.of(
              new ApplicationSpec(
                  a.name(), a.description(), components, a.properties(), a.processes()));
        });
    Json.ok(ctx, Map.of());
  }

  void createEnvironment(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    if (UcdBodies.bool(body, "requireApprovals"))
      throw ApiException.badRequest(
          "Approvals need approvers: set 'approval' in the environment's configuration");
    String app = names.application(UcdBodies.text(body, "application", true));
    String name = UcdBodies.text(body, "name", true).strip();
    ConfigAccess.application(ctx, store, app);
    ObjectKey key = new ObjectKey(Kind.ENVIRONMENT, app, name);
    refuseExisting(key, "Environment");
    String description = UcdBodies.text(body, "description", false);
    change(
        ctx,
        "createEnvironment",
        key,
        current -> {
          int last =
              current.stream()
                  .filter(o -> o instanceof EnvironmentSpec e && e.application().equals(app))
                  .mapToInt(o -> ((EnvironmentSpec) o).order())
                  .max()
                  .orElse(0);
          return List.of(
              new EnvironmentSpec(
                  app, name, last + 1, description, Map.of(), Map.of(), null, null, List.of(), 0));
        });
    ctx.contentType("text/plain").result(UcdIds.of(key));
  }

  void createComponentProcess(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String component = names.component(ctx, UcdBodies.text(body, "component", true));
    ConfigAccess.component(ctx, store, component);
    ProcessSpec process =
        mapped(() -> UcdImporter.componentProcess("createComponentProcess", body));
    ObjectKey key = ObjectKey.of(Kind.COMPONENT, component);
    change(
        ctx,
        "createComponentProcess",
        key,
        current -> {
          ComponentSpec c = (ComponentSpec) find(current, key);
          refuseExistingProcess(
              c.process(process.name()).isPresent(), "Component", component, process);
          return List.of(
              new ComponentSpec(
                  c.name(),
                  c.description(),
                  c.properties(),
                  c.environmentProperties(),
                  with(c.processes(), process)));
        });
    processAnswer(ctx, "component-process", component, process);
  }

  void createApplicationProcess(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String app = names.application(UcdBodies.text(body, "application", true));
    ConfigAccess.application(ctx, store, app);
    ObjectKey key = ObjectKey.of(Kind.APPLICATION, app);
    List<String> components =
        store
            .read(r -> r.config().find(key))
            .map(o -> ((ApplicationSpec) o).components())
            .orElse(List.of());
    ProcessSpec process =
        mapped(() -> UcdImporter.applicationProcess("createApplicationProcess", body, components));
    change(
        ctx,
        "createApplicationProcess",
        key,
        current -> {
          ApplicationSpec a = (ApplicationSpec) find(current, key);
          refuseExistingProcess(a.process(process.name()).isPresent(), "Application", app, process);
          return List.of(
              new ApplicationSpec(
                  a.name(),
                  a.description(),
                  a.components(),
                  a.properties(),
                  with(a.processes(), process)));
        });
    processAnswer(ctx, "application-process", app, process);
  }

  private interface Mapping {
    ProcessSpec map();
  }

  private static ProcessSpec mapped(Mapping m) {
    try {
      return m.map();
    } catch (UcdImportException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static List<ProcessSpec> with(List<ProcessSpec> processes, ProcessSpec added) {
    List<ProcessSpec> out = new ArrayList<>(processes);
    out.add(added);
    return out;
  }

  private static ConfigObject find(List<ConfigObject> current, ObjectKey key) {
    return current.stream()
        .filter(o -> o.key().equals(key))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound(key + " not found"));
  }

  private static void refuseExistingProcess(
      boolean exists, String kind, String owner, ProcessSpec process) {
    if (exists)
      throw new ApiException(
          409,
          "conflict",
          kind + " '" + owner + "' already has a process named '" + process.name() + "'");
  }

  private void refuseExisting(ObjectKey key, String label) {
    if (config.find(key).isPresent())
      throw new ApiException(409, "conflict", label + " '" + key.name() + "' already exists");
  }

  private static void requireEverywhere(Context ctx) {
    var authz = ApiServer.authorizer(ctx);
    if (!authz.allowsEverywhere(Permission.CONFIGURE))
      throw ApiServer.forbidden(
          "user '" + authz.user() + "' lacks the 'configure' permission on every application");
  }

  /** The change, applied with its audit entry in one transaction. */
  private Plan change(
      Context ctx, String call, ObjectKey key, UnaryOperator<List<ConfigObject>> changed) {
    String user = ApiServer.principal(ctx).name();
    return config.edit(
        "udclient " + call,
        changed,
        user,
        (r, plan) ->
            Audit.record(
                r, Instant.now(), user, "ucd." + call, key.toString(), "success", plan.summary()));
  }

  private static void answer(Context ctx, ObjectKey key, String name, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UcdIds.of(key));
    m.put("name", name);
    m.put("description", description == null ? "" : description);
    m.put("created", System.currentTimeMillis());
    m.put("active", true);
    Json.ok(ctx, m);
  }

  private static void processAnswer(Context ctx, String kind, String owner, ProcessSpec p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "id",
        UUID.nameUUIDFromBytes(
                ("shiplock:" + kind + ":" + owner + "/" + p.name())
                    .getBytes(StandardCharsets.UTF_8))
            .toString());
    m.put("name", p.name());
    m.put("description", p.description() == null ? "" : p.description());
    m.put("active", true);
    m.put("version", 1);
    Json.ok(ctx, m);
  }
}

package io.shiplock.server.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;
import static io.shiplock.server.api.UcdCommand.Param.optional;
import static io.shiplock.server.api.UcdCommand.Param.required;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.config.ConfigException;
import io.shiplock.core.config.Problem;
import io.shiplock.core.config.PropertyEdits;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.store.RunRepository.RuntimeProperty;
import io.shiplock.core.store.Store;
import io.shiplock.server.audit.Audit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * udclient's property setters and getters of applications, components, environments and
 * component-environment values (UCD-COMPAT.md §3.7). These properties are Shiplock configuration: a
 * setter changes it as an apply would ({@link ConfigService#setProperty}), with {@code configure}
 * where the change reaches ({@link ConfigAccess}); the difference from the files it was applied
 * from shows in the export and the next plan.
 */
final class UcdProperties {
  private final Store store;
  private final UcdNames names;
  private final ConfigService config;

  UcdProperties(Store store, UcdNames names, ConfigService config) {
    this.store = store;
    this.names = names;
    this.config = config;
  }

  void setComponentProperty(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String component = names.component(ctx, UcdBodies.text(body, "component", true));
    ConfigAccess.component(ctx, store, component);
    set(ctx, body, ObjectKey.of(Kind.COMPONENT, component), null);
  }

  void setApplicationProperty(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String app = names.application(UcdBodies.text(body, "application", true));
    ConfigAccess.application(ctx, store, app);
    set(ctx, body, ObjectKey.of(Kind.APPLICATION, app), null);
  }

  void setEnvironmentProperty(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    set(ctx, body, configurableEnvironment(ctx, body), null);
  }

  void setComponentEnvironmentProperty(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    ObjectKey env = configurableEnvironment(ctx, body);
    String component = names.component(ctx, UcdBodies.text(body, "component", true));
    set(ctx, body, env, component);
  }

  private ObjectKey configurableEnvironment(Context ctx, JsonNode body) {
    ObjectKey key =
        names.environmentKey(
            UcdBodies.text(body, "application", false), UcdBodies.text(body, "environment", true));
    ConfigAccess.environment(ctx, key.application(), key.name());
    return key;
  }

  private void set(Context ctx, JsonNode body, ObjectKey key, String component) {
    String name = UcdBodies.text(body, "name", true);
    JsonNode raw = body.path("value");
    String value = raw.isMissingNode() || raw.isNull() ? "" : raw.asText();
    // Absent: the property stays as secure as it was, so a script that leaves isSecure out never
    // turns a secret into a plain value.
    JsonNode flag = body.path("isSecure");
    Boolean secure =
        (flag.isMissingNode() || flag.isNull()) ? null : UcdBodies.bool(body, "isSecure");
    String user = ApiServer.principal(ctx).name();
    String target = key + (component == null ? "" : " component " + component);
    PropertyEdits.Edited edited;
    try {
      edited =
          config.setProperty(
              key,
              component,
              name,
              value,
              secure,
              (r, revision) ->
                  Audit.record(
                      r,
                      Instant.now(),
                      user,
                      "config.property",
                      target,
                      "success",
                      "property '" + name + "', revision " + revision));
    } catch (ConfigException e) {
      throw ApiException.badRequest(
          e.problems().stream().map(Problem::message).collect(Collectors.joining("; ")));
    }
    Json.ok(ctx, answer(id(key, component, name), name, value, edited.secure(), ""));
  }

  void componentProperties(Context ctx) {
    String component = names.component(ctx, UcdNames.param(ctx, "component", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(component));
    ObjectKey key = ObjectKey.of(Kind.COMPONENT, component);
    Json.ok(ctx, answers(key, ((ComponentSpec) find(key)).properties()));
  }

  void applicationProperties(Context ctx) {
    String app = names.application(UcdNames.param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    ObjectKey key = ObjectKey.of(Kind.APPLICATION, app);
    Json.ok(ctx, answers(key, ((ApplicationSpec) find(key)).properties()));
  }

  void environmentProperties(Context ctx) {
    ObjectKey key = readableEnvironment(ctx);
    Json.ok(ctx, answers(key, ((EnvironmentSpec) find(key)).properties()));
  }

  /**
   * Each property the component defines, with the value a deployment to this environment would see:
   * what a step recorded at run time, else the configured value, else the default.
   */
  void componentEnvironmentProperties(Context ctx) {
    ObjectKey key = readableEnvironment(ctx);
    String component = names.component(ctx, UcdNames.param(ctx, "component", true));
    var env = (EnvironmentSpec) find(key);
    var defs =
        ((ComponentSpec) find(ObjectKey.of(Kind.COMPONENT, component))).environmentProperties();
    Map<String, PropertyValue> configured =
        env.componentProperties().getOrDefault(component, Map.of());
    Map<String, String> runtime = new LinkedHashMap<>();
    for (RuntimeProperty rp :
        store.read(r -> r.runs().runtimeProperties(key.application(), key.name())))
      if (rp.component().equals(component)) runtime.put(rp.name(), rp.value());
    List<Map<String, Object>> out = new ArrayList<>();
    for (EnvPropertyDef d : defs) {
      PropertyValue conf = configured.get(d.name());
      boolean secure = d.secure() || (conf != null && conf.secure());
      String value =
          runtime.getOrDefault(
              d.name(),
              conf != null ? conf.value() : d.defaultValue() == null ? "" : d.defaultValue());
      String description = d.description() == null ? "" : d.description();
      out.add(answer(id(key, component, d.name()), d.name(), value, secure, description));
    }
    Json.ok(ctx, out);
  }

  private ObjectKey readableEnvironment(Context ctx) {
    ObjectKey key =
        names.environmentKey(
            UcdNames.param(ctx, "application", false), UcdNames.param(ctx, "environment", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseEnvironment(key.application(), key.name()));
    return key;
  }

  private ConfigObject find(ObjectKey key) {
    return store
        .read(r -> r.config().find(key))
        .orElseThrow(
            () -> ApiException.notFound(key.kind().yamlName() + " '" + key.name() + "' not found"));
  }

  private static List<Map<String, Object>> answers(
      ObjectKey key, Map<String, PropertyValue> props) {
    List<Map<String, Object>> out = new ArrayList<>();
    props.forEach((k, p) -> out.add(answer(id(key, null, k), k, p.value(), p.secure(), "")));
    return out;
  }

  /** A stable id per property: the same on every node and after every restart. */
  private static String id(ObjectKey key, String component, String name) {
    return UUID.nameUUIDFromBytes(
            ("shiplock:property:" + key + "/" + (component == null ? "" : component) + "/" + name)
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** A property as UCD answers one; a secure value never leaves the server. */
  static Map<String, Object> answer(
      String id, String name, String value, boolean secure, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("value", secure ? "****" : value == null ? "" : value);
    m.put("description", description);
    m.put("secure", secure);
    return m;
  }

  private static final String SECURE =
      "true for a secure value (stored encrypted, shown masked); absent keeps what it was";

  /** The udclient commands that set and read properties, for the command table and the WADL. */
  List<UcdCommand> commands() {
    return List.of(
        // Property setters take query parameters or a JSON body (UCD-COMPAT.md §3.7): every
        // parameter is optional to the client, so a body alone passes it; the server names what
        // is missing.
        UcdCommand.json(
                "setComponentProperty",
                PUT,
                "/component/propValue",
                "Sets a property of a component (Shiplock configuration, as an apply would).",
                List.of(
                    optional("component", "Name or ID of the component"),
                    optional("name", "Name of the property"),
                    optional("value", "Value of the property"),
                    optional("isSecure", SECURE)),
                this::setComponentProperty)
            .withTemplate(
                "{\"component\": \"\", \"name\": \"\", \"value\": \"\", \"isSecure\": \"false\"}"),
        UcdCommand.json(
                "setApplicationProperty",
                PUT,
                "/application/propValue",
                "Sets a property of an application (Shiplock configuration, as an apply would).",
                List.of(
                    optional("application", "Name or ID of the application"),
                    optional("name", "Name of the property"),
                    optional("value", "Value of the property"),
                    optional("isSecure", SECURE)),
                this::setApplicationProperty)
            .withTemplate(
                "{\"application\": \"\", \"name\": \"\", \"value\": \"\", \"isSecure\": \"false\"}"),
        UcdCommand.json(
                "setEnvironmentProperty",
                PUT,
                "/environment/propValue",
                "Sets a property of an environment (Shiplock configuration, as an apply would).",
                List.of(
                    optional(
                        "application", "Name or ID of the application (with an environment name)"),
                    optional("environment", "Name or ID of the environment"),
                    optional("name", "Name of the property"),
                    optional("value", "Value of the property"),
                    optional("isSecure", SECURE)),
                this::setEnvironmentProperty)
            .withTemplate(
                "{\"application\": \"\", \"environment\": \"\", \"name\": \"\", \"value\": \"\","
                    + " \"isSecure\": \"false\"}"),
        UcdCommand.json(
                "setComponentEnvironmentProperty",
                PUT,
                "/environment/componentProperties",
                "Sets the value of a component's environment property on one environment.",
                List.of(
                    optional(
                        "application", "Name or ID of the application (with an environment name)"),
                    optional("component", "Name or ID of the component"),
                    optional("environment", "Name or ID of the environment"),
                    optional("name", "Name of a property the component defines"),
                    optional("value", "Value of the property"),
                    optional("isSecure", SECURE)),
                this::setComponentEnvironmentProperty)
            .withTemplate(
                "{\"application\": \"\", \"component\": \"\", \"environment\": \"\", \"name\": \"\","
                    + " \"value\": \"\", \"isSecure\": \"false\"}"),
        UcdCommand.json(
            "getComponentProperties",
            GET,
            "/component/getProperties",
            "The properties of a component.",
            List.of(required("component", "Name or ID of the component")),
            this::componentProperties),
        UcdCommand.json(
            "getApplicationProperties",
            GET,
            "/application/getProperties",
            "The properties of an application.",
            List.of(required("application", "Name or ID of the application")),
            this::applicationProperties),
        UcdCommand.json(
            "getEnvironmentProperties",
            GET,
            "/environment/getProperties",
            "The properties of an environment.",
            List.of(
                required("environment", "Name or ID of the environment"),
                optional(
                    "application", "Name or ID of the application (with an environment name)")),
            this::environmentProperties),
        UcdCommand.json(
            "getComponentEnvironmentProperties",
            GET,
            "/environment/componentProperties",
            "A component's environment properties with the values a deployment there would see.",
            List.of(
                required("environment", "Name or ID of the environment"),
                optional("application", "Name or ID of the application (with an environment name)"),
                required("component", "Name or ID of the component")),
            this::componentEnvironmentProperties));
  }
}

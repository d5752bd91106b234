package io.shiplock.core.config;

import io.shiplock.api.Param;
import io.shiplock.api.StepType;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.TriggerSpec;
import io.shiplock.core.steps.StepCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Schema (draft 2020-12) of one configuration document, made from the same step catalog the
 * validator uses, so editors complete and check what the server accepts. The server still validates
 * references and graphs, which a schema cannot express.
 */
public final class ConfigSchema {
  private ConfigSchema() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> of(StepCatalog catalog) {
    return (Map<String, Object>) Trees.stable(build(catalog));
  }

  private static Map<String, Object> build(StepCatalog catalog) {
    Map<String, Object> defs = new LinkedHashMap<>();
    defs.put("name", Map.of("type", "string", "pattern", "^[A-Za-z0-9_][A-Za-z0-9_.\\- ]{0,126}$"));
    defs.put("duration", Map.of("type", "string", "pattern", "^([0-9]+(ms|s|m|h|d))+$|^P"));
    defs.put(
        "properties",
        Map.of(
            "type",
            "object",
            "propertyNames",
            Map.of("pattern", "^[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,126}$"),
            "additionalProperties",
            Map.of(
                "oneOf",
                List.of(
                    Map.of("type", List.of("string", "number", "boolean")),
                    object(
                        Map.of("secure", Map.of("type", "boolean"), "value", str()), List.of())))));
    defs.put("step", step(catalog));
    defs.put(
        "process",
        object(
            Map.of(
                "name",
                ref("name"),
                "description",
                str(),
                "steps",
                Map.of("type", "array", "minItems", 1, "items", ref("step"))),
            List.of("name", "steps")));
    defs.put(
        "clause",
        object(
            Map.of("allOf", strings(), "noneOf", strings(), "snapshotStatuses", strings()),
            List.of()));
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("name", ref("name"));
    resource.put("agent", str());
    resource.put("component", str());
    resource.put("children", Map.of("type", "array", "items", ref("resource")));
    defs.put("resource", object(resource, List.of()));
    defs.put("Status", kind("Status", statusProps(), List.of("name", "scope")));
    defs.put(
        "Agent",
        kind(
            "Agent",
            Map.of("name", ref("name"), "description", str(), "properties", ref("properties")),
            List.of("name")));
    defs.put("Component", kind("Component", componentProps(), List.of("name")));
    defs.put("Application", kind("Application", applicationProps(), List.of("name")));
    defs.put(
        "Environment", kind("Environment", environmentProps(), List.of("application", "name")));
    defs.put(
        "Role",
        kind(
            "Role",
            Map.of(
                "name",
                ref("name"),
                "description",
                str(),
                "permissions",
                Map.of(
                    "type",
                    "array",
                    "items",
                    Map.of(
                        "enum",
                        Arrays.stream(Permission.values()).map(Permission::yaml).toList()))),
            List.of("name", "permissions")));
    defs.put(
        "Source",
        kind(
            "Source",
            Map.of(
                "name",
                ref("name"),
                "component",
                str(),
                "description",
                str(),
                "git",
                object(
                    Map.of(
                        "url",
                        str(),
                        "branch",
                        str(),
                        "username",
                        str(),
                        "passwordProperty",
                        str(),
                        "sshKeyProperty",
                        str()),
                    List.of("url")),
                "registry",
                object(
                    Map.of(
                        "url",
                        str(),
                        "repository",
                        str(),
                        "tagFilter",
                        str(),
                        "username",
                        str(),
                        "passwordProperty",
                        str()),
                    List.of("url", "repository")),
                "pollInterval",
                str(),
                "versionName",
                str(),
                "webhookSecret",
                str()),
            List.of("name", "component")));
    defs.put(
        "Trigger",
        kind(
            "Trigger",
            Map.of(
                "name",
                ref("name"),
                "application",
                str(),
                "component",
                str(),
                "when",
                Map.of(
                    "enum",
                    Arrays.stream(TriggerSpec.When.values()).map(TriggerSpec.When::wire).toList()),
                "status",
                str(),
                "process",
                str(),
                "environment",
                str(),
                "paused",
                Map.of("type", "boolean")),
            List.of("name", "application", "component", "when", "process", "environment")));
    Map<String, Object> schedule = new LinkedHashMap<>();
    schedule.put("name", ref("name"));
    schedule.put("description", str());
    schedule.put("application", str());
    schedule.put("environment", str());
    schedule.put("process", str());
    schedule.put("cron", str());
    schedule.put("timeZone", str());
    schedule.put("versions", Map.of("type", "object", "additionalProperties", str()));
    schedule.put("snapshot", str());
    schedule.put("paused", bool());
    defs.put(
        "Schedule",
        kind(
            "Schedule",
            schedule,
            List.of("name", "application", "environment", "process", "cron")));
    Map<String, Object> blackout = new LinkedHashMap<>();
    blackout.put("name", ref("name"));
    blackout.put("application", str());
    blackout.put("environments", strings());
    blackout.put("reason", str());
    blackout.put("from", Map.of("type", "string", "format", "date-time"));
    blackout.put("until", Map.of("type", "string", "format", "date-time"));
    blackout.put("cron", str());
    blackout.put("timeZone", str());
    blackout.put("duration", ref("duration"));
    defs.put(
        "Blackout", kind("Blackout", blackout, List.of("name", "application", "environments")));
    defs.put(
        "Snapshot",
        kind(
            "Snapshot",
            Map.of(
                "application",
                ref("name"),
                "name",
                ref("name"),
                "description",
                Map.of("type", "string", "maxLength", SnapshotReader.MAX_DESCRIPTION),
                "versions",
                Map.of(
                    "type",
                    "object",
                    "minProperties",
                    1,
                    "additionalProperties",
                    Map.of("type", List.of("string", "number")))),
            List.of("application", "name", "versions")));
    defs.put(
        "Team",
        kind(
            "Team",
            Map.of(
                "name",
                ref("name"),
                "description",
                str(),
                "members",
                strings(),
                "roles",
                Map.of(
                    "type",
                    "array",
                    "items",
                    object(
                        Map.of("role", str(), "application", str(), "environments", strings()),
                        List.of("role")))),
            List.of("name")));

    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", "https://shiplock.io/schema/v1/config.json");
    schema.put("title", "Shiplock configuration document");
    schema.put("type", "object");
    schema.put("required", List.of("kind"));
    schema.put(
        "properties",
        Map.of("kind", Map.of("enum", Arrays.stream(Kind.values()).map(Kind::yamlName).toList())));
    schema.put(
        "allOf",
        Arrays.stream(Kind.values())
            .map(
                k ->
                    Map.of(
                        "if",
                        Map.of("properties", Map.of("kind", Map.of("const", k.yamlName()))),
                        "then",
                        ref(k.yamlName())))
            .toList());
    schema.put("$defs", defs);
    return schema;
  }

  private static Map<String, Object> statusProps() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", ref("name"));
    p.put("scope", Map.of("enum", List.of("version", "inventory", "snapshot")));
    p.put("color", str());
    p.put("unique", bool());
    p.put("role", str());
    p.put("description", str());
    return p;
  }

  private static Map<String, Object> componentProps() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", ref("name"));
    p.put("description", str());
    p.put("properties", ref("properties"));
    p.put(
        "environmentProperties",
        Map.of(
            "type",
            "array",
            "items",
            object(
                Map.of("name", str(), "default", str(), "secure", bool(), "description", str()),
                List.of("name"))));
    p.put("processes", Map.of("type", "array", "items", ref("process")));
    return p;
  }

  private static Map<String, Object> applicationProps() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", ref("name"));
    p.put("description", str());
    p.put("components", strings());
    p.put("properties", ref("properties"));
    p.put("processes", Map.of("type", "array", "items", ref("process")));
    return p;
  }

  private static Map<String, Object> environmentProps() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("application", ref("name"));
    p.put("name", ref("name"));
    p.put("order", Map.of("type", "integer"));
    p.put("description", str());
    p.put("properties", ref("properties"));
    p.put(
        "componentProperties", Map.of("type", "object", "additionalProperties", ref("properties")));
    Map<String, Object> gate = new LinkedHashMap<>();
    gate.put("anyOf", Map.of("type", "array", "items", ref("clause")));
    gate.put("allOf", strings());
    gate.put("noneOf", strings());
    gate.put("snapshotStatuses", strings());
    p.put("gate", object(gate, List.of()));
    p.put(
        "approval",
        object(
            Map.of(
                "required", Map.of("type", "integer", "minimum", 1),
                "approvers", strings(),
                "noSelfApproval", bool(),
                "commentRequired", bool(),
                "expiresAfter", ref("duration")),
            List.of("approvers")));
    p.put("concurrency", Map.of("type", "integer", "minimum", 1));
    p.put("resources", Map.of("type", "array", "items", ref("resource")));
    return p;
  }

  private static Map<String, Object> step(StepCatalog catalog) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", ref("name"));
    p.put("type", Map.of("enum", List.copyOf(catalog.names())));
    p.put("with", Map.of("type", "object"));
    p.put("precondition", str());
    p.put("timeout", ref("duration"));
    p.put("postProcessing", str());
    p.put("retryable", bool());
    p.put("onSuccess", strings());
    p.put("onFailure", strings());
    p.put("always", strings());
    p.put("onValue", Map.of("type", "object", "additionalProperties", strings()));
    Map<String, Object> step = object(p, List.of("name", "type"));
    List<Object> perType = new ArrayList<>();
    for (StepType t : catalog.all()) {
      Map<String, Object> params = new LinkedHashMap<>();
      List<String> required = new ArrayList<>();
      for (Param param : t.params()) {
        Map<String, Object> ps = new TreeMap<>(paramSchema(param));
        ps.put("description", param.description());
        params.put(param.name(), ps);
        if (param.required()) required.add(param.name());
      }
      perType.add(
          Map.of(
              "if", Map.of("properties", Map.of("type", Map.of("const", t.name()))),
              "then",
                  Map.of(
                      "description",
                      t.description(),
                      "properties",
                      Map.of("with", object(params, required)))));
    }
    step.put("allOf", perType);
    return step;
  }

  private static Map<String, Object> paramSchema(Param p) {
    return switch (p.type()) {
      case STRING -> str();
      case INTEGER -> Map.of("type", "integer");
      case BOOLEAN -> bool();
      case DURATION -> ref("duration");
      case STRING_LIST -> strings();
      case STRING_MAP -> Map.of("type", "object", "additionalProperties", str());
    };
  }

  private static Map<String, Object> kind(
      String kind, Map<String, Object> props, List<String> required) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("kind", Map.of("const", kind));
    // props may be a Map.of, whose order differs between runs; stable() sorts such maps.
    @SuppressWarnings("unchecked")
    Map<String, Object> ordered = (Map<String, Object>) Trees.stable(props);
    all.putAll(ordered);
    List<String> req = new ArrayList<>(List.of("kind"));
    req.addAll(required);
    return object(all, req);
  }

  private static Map<String, Object> object(Map<String, Object> props, List<String> required) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("type", "object");
    o.put("additionalProperties", false);
    o.put("properties", props);
    if (!required.isEmpty()) o.put("required", required);
    return o;
  }

  private static Map<String, Object> ref(String def) {
    return Map.of("$ref", "#/$defs/" + def);
  }

  private static Map<String, Object> str() {
    return Map.of("type", "string");
  }

  private static Map<String, Object> bool() {
    return Map.of("type", "boolean");
  }

  private static Map<String, Object> strings() {
    return Map.of("type", "array", "items", str());
  }
}

package io.shiplock.server.engine;

import io.shiplock.core.engine.PropertyContext;
import io.shiplock.core.model.AgentSpec;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.RuntimeProperty;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.RunRepository.VersionRef;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gathers what a step's property references may see, from configuration and the run so far. */
final class PropertyContexts {
  private final SecretBox secrets;
  private final ConfigCache cache;

  PropertyContexts(SecretBox secrets, ConfigCache cache) {
    this.secrets = secrets;
    this.cache = cache;
  }

  ConfigCache cache() {
    return cache;
  }

  PropertyContext forStep(StepStarter.Ctx c, StepRun target, String agentName, Long parentId) {
    Repositories r = c.repos();
    Request req = c.request();
    RunTree tree = c.tree();
    Map<String, Map<String, PropertyValue>> scopes = new HashMap<>();
    Map<String, String> builtins = new LinkedHashMap<>();
    builtins.put("request.id", String.valueOf(req.id()));
    builtins.put("request.user", req.requestedBy());
    builtins.put("application.name", req.application());
    builtins.put("environment.name", req.environment());
    builtins.put("process.name", req.process().name());
    Map<String, PropertyValue> requestProps = new LinkedHashMap<>();
    c.requestProperties().forEach((k, v) -> requestProps.put(k, PropertyValue.plain(v)));
    scopes.put("request", requestProps);
    find(r, ObjectKey.of(Kind.APPLICATION, req.application()))
        .ifPresent(a -> scopes.put("application", clear(((ApplicationSpec) a).properties())));
    Optional<EnvironmentSpec> env =
        find(r, new ObjectKey(Kind.ENVIRONMENT, req.application(), req.environment()))
            .map(o -> (EnvironmentSpec) o);
    env.ifPresent(e -> scopes.put("environment", clear(e.properties())));
    if (agentName != null) {
      builtins.put("agent.name", agentName);
      find(r, ObjectKey.of(Kind.AGENT, agentName))
          .ifPresent(a -> scopes.put("agent", clear(((AgentSpec) a).properties())));
    }
    if (target != null) {
      String component = target.component();
      builtins.put("component.name", component);
      builtins.put("resource.path", target.resourcePath());
      builtins.put(
          "resource.name",
          target.resourcePath().substring(target.resourcePath().lastIndexOf('/') + 1));
      find(r, ObjectKey.of(Kind.COMPONENT, component))
          .map(o -> (ComponentSpec) o)
          .ifPresent(
              comp -> {
                scopes.put("component", clear(comp.properties()));
                Map<String, PropertyValue> ce = new LinkedHashMap<>();
                for (EnvPropertyDef d : comp.environmentProperties()) {
                  ce.put(
                      d.name(),
                      new PropertyValue(
                          d.defaultValue() == null ? "" : d.defaultValue(), d.secure()));
                }
                env.map(e -> e.componentProperties().getOrDefault(component, Map.of()))
                    .ifPresent(v -> ce.putAll(clear(v)));
                // What steps recorded at run time beats the configured value.
                List<RuntimeProperty> runtime =
                    c.once(
                        "runtime",
                        () -> r.runs().runtimeProperties(req.application(), req.environment()));
                for (var rp : runtime) {
                  if (rp.component().equals(component))
                    ce.put(rp.name(), PropertyValue.plain(rp.value()));
                }
                scopes.put("componentEnvironment", ce);
              });
      TargetVersion.of(c, target).ifPresent(v -> version(c, v, builtins, scopes));
    }
    Map<String, Map<String, String>> outputs = new HashMap<>();
    for (StepRun s : tree.children(parentId))
      if (!s.outputs().isEmpty()) outputs.put(s.name(), s.outputs());
    return new PropertyContext(scopes, builtins, outputs);
  }

  private void version(
      StepStarter.Ctx c,
      VersionRef ref,
      Map<String, String> builtins,
      Map<String, Map<String, PropertyValue>> scopes) {
    builtins.put("version.name", ref.version());
    builtins.put("version.id", String.valueOf(ref.versionId()));
    Optional<ComponentVersion> v =
        c.once(
            "version:" + ref.versionId(),
            () -> c.repos().versions().find(ref.component(), ref.version()));
    v.ifPresent(
        cv -> {
          builtins.put("version.statuses", String.join(",", cv.statuses()));
          scopes.put("version", clear(cv.properties()));
        });
  }

  private Optional<ConfigObject> find(Repositories r, ObjectKey key) {
    return cache.find(r, key);
  }

  private Map<String, PropertyValue> clear(Map<String, PropertyValue> props) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    props.forEach(
        (k, v) ->
            out.put(
                k,
                v.secure() && v.value() != null && SecretBox.isEncrypted(v.value())
                    ? PropertyValue.secret(secrets.decrypt(v.value()))
                    : v));
    return out;
  }
}

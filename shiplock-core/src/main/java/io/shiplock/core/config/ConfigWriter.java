package io.shiplock.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.shiplock.core.model.AgentSpec;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ApprovalSpec;
import io.shiplock.core.model.BlackoutSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.GateClause;
import io.shiplock.core.model.GateSpec;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.ResourceSpec;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.model.SnapshotSpec;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.model.TriggerSpec;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes model objects in the canonical configuration shape (the one {@link ConfigReader} reads):
 * as a map tree for JSON responses, or as YAML documents for export. Secure values are never
 * written; defaults and empty collections are left out so that exports stay short and stable.
 */
public final class ConfigWriter {
  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .build())
          .build();

  private ConfigWriter() {}

  /** YAML documents separated by {@code ---}, in the given order. */
  public static String toYaml(Collection<? extends ConfigObject> objects) {
    return objects.stream().map(o -> yaml(toTree(o))).collect(Collectors.joining("---\n"));
  }

  /** The configuration objects, then the snapshots (which refer to them), as YAML documents. */
  public static String toYaml(
      Collection<? extends ConfigObject> objects, Collection<SnapshotSpec> snapshots) {
    return Stream.concat(
            objects.stream().map(ConfigWriter::toTree),
            snapshots.stream().map(ConfigWriter::toTree))
        .map(ConfigWriter::yaml)
        .collect(Collectors.joining("---\n"));
  }

  /** A Snapshot document; its statuses are runtime data, as version statuses are, and not in it. */
  public static Map<String, Object> toTree(SnapshotSpec s) {
    Tree t = new Tree();
    t.put("kind", s.key().kind().yamlName());
    t.put("application", s.application());
    t.put("name", s.name());
    t.put("description", s.description());
    t.put("versions", s.versions());
    return t.map;
  }

  public static String yaml(Object tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Object> toTree(ConfigObject o) {
    Tree t = new Tree();
    t.put("kind", o.key().kind().yamlName());
    switch (o) {
      case StatusSpec s -> {
        t.put("name", s.name());
        t.put("scope", s.scope() == null ? null : s.scope().yaml());
        t.put("color", s.color());
        if (s.unique()) t.put("unique", true);
        t.put("role", s.role());
        t.put("description", s.description());
      }
      case RoleSpec r -> {
        t.put("name", r.name());
        t.put("description", r.description());
        // Always written, even empty: a role without the field is an error when read back.
        t.map.put("permissions", r.permissions().stream().map(Permission::yaml).toList());
      }
      case TeamSpec tm -> {
        t.put("name", tm.name());
        t.put("description", tm.description());
        t.put("members", tm.members());
        t.put(
            "roles",
            tm.roles().stream()
                .map(
                    g -> {
                      Tree gt = new Tree();
                      gt.put("role", g.role());
                      gt.put("application", g.application());
                      gt.put("environments", g.environments());
                      return gt.map;
                    })
                .toList());
      }
      case SourceSpec x -> {
        t.put("name", x.name());
        t.put("component", x.component());
        t.put("description", x.description());
        Tree g = new Tree();
        if (x.isGit()) {
          g.put("url", x.gitUrl());
          g.put("branch", x.branch());
          g.put("username", x.username());
          g.put("passwordProperty", x.passwordProperty());
          g.put("sshKeyProperty", x.sshKeyProperty());
          t.put("git", g.map);
        } else {
          g.put("url", x.registryUrl());
          g.put("repository", x.repository());
          g.put("tagFilter", x.tagFilter());
          g.put("username", x.username());
          g.put("passwordProperty", x.passwordProperty());
          t.put("registry", g.map);
        }
        t.put("pollInterval", x.pollInterval() == null ? null : Durations.format(x.pollInterval()));
        if (!SourceSpec.DEFAULT_VERSION_NAME.equals(x.versionName()))
          t.put("versionName", x.versionName());
        t.put("webhookSecret", x.webhookSecret());
      }
      case TriggerSpec x -> {
        t.put("name", x.name());
        t.put("application", x.application());
        t.put("component", x.component());
        t.put("when", x.when().wire());
        t.put("status", x.status());
        t.put("process", x.process());
        t.put("environment", x.environment());
        if (x.paused()) t.put("paused", true);
      }
      case ScheduleSpec x -> {
        t.put("name", x.name());
        t.put("description", x.description());
        t.put("application", x.application());
        t.put("environment", x.environment());
        t.put("process", x.process());
        t.put("cron", x.cron());
        t.put("timeZone", x.timeZone());
        if (!x.versions().isEmpty()) t.put("versions", new TreeMap<>(x.versions()));
        t.put("snapshot", x.snapshot());
        if (x.paused()) t.put("paused", true);
      }
      case BlackoutSpec x -> {
        t.put("name", x.name());
        t.put("application", x.application());
        t.put("environments", x.environments());
        t.put("reason", x.reason());
        t.put("from", x.from() == null ? null : x.from().toString());
        t.put("until", x.until() == null ? null : x.until().toString());
        t.put("cron", x.cron());
        t.put("timeZone", x.timeZone());
        t.put("duration", x.duration() == null ? null : Durations.format(x.duration()));
      }
      case AgentSpec a -> {
        t.put("name", a.name());
        t.put("description", a.description());
        t.put("properties", properties(a.properties()));
      }
      case ComponentSpec c -> {
        t.put("name", c.name());
        t.put("description", c.description());
        t.put("properties", properties(c.properties()));
        t.put(
            "environmentProperties",
            c.environmentProperties().stream().map(ConfigWriter::def).toList());
        t.put("processes", processes(c.processes()));
      }
      case ApplicationSpec a -> {
        t.put("name", a.name());
        t.put("description", a.description());
        t.put("components", a.components());
        t.put("properties", properties(a.properties()));
        t.put("processes", processes(a.processes()));
      }
      case EnvironmentSpec e -> {
        t.put("application", e.application());
        t.put("name", e.name());
        t.put("order", e.order());
        t.put("description", e.description());
        t.put("properties", properties(e.properties()));
        Map<String, Object> cp = new TreeMap<>();
        e.componentProperties().forEach((k, v) -> cp.put(k, properties(v)));
        t.put("componentProperties", cp);
        t.put("gate", e.gate() == null ? null : gate(e.gate()));
        t.put("approval", e.approval() == null ? null : approval(e.approval()));
        t.put("concurrency", e.concurrency() == 0 ? null : e.concurrency());
        t.put("resources", resources(e.resources()));
      }
    }
    return t.map;
  }

  /** Insertion-ordered map that drops nulls and empty collections. */
  private static final class Tree {
    final Map<String, Object> map = new LinkedHashMap<>();

    void put(String k, Object v) {
      if (v == null) return;
      if (v instanceof Collection<?> c && c.isEmpty()) return;
      if (v instanceof Map<?, ?> m && m.isEmpty()) return;
      map.put(k, v);
    }
  }

  private static Map<String, Object> properties(Map<String, PropertyValue> props) {
    Map<String, Object> out = new TreeMap<>();
    props.forEach((k, v) -> out.put(k, v.secure() ? Map.of("secure", true) : v.value()));
    return out;
  }

  private static Map<String, Object> def(EnvPropertyDef d) {
    Tree t = new Tree();
    t.put("name", d.name());
    t.put("default", d.defaultValue());
    if (d.secure()) t.put("secure", true);
    t.put("description", d.description());
    return t.map;
  }

  private static List<Map<String, Object>> processes(List<ProcessSpec> processes) {
    return processes.stream().map(ConfigWriter::process).toList();
  }

  private static Map<String, Object> process(ProcessSpec p) {
    Tree t = new Tree();
    t.put("name", p.name());
    t.put("description", p.description());
    t.put("steps", p.steps().stream().map(ConfigWriter::step).toList());
    return t.map;
  }

  private static Map<String, Object> step(StepSpec s) {
    Tree t = new Tree();
    t.put("name", s.name());
    t.put("type", s.type());
    Map<String, Object> with = new TreeMap<>();
    s.with().forEach((k, v) -> with.put(k, v instanceof Map<?, ?> m ? new TreeMap<>(m) : v));
    t.put("with", with);
    t.put("precondition", s.precondition());
    t.put("timeout", s.timeout() == null ? null : Durations.format(s.timeout()));
    t.put("postProcessing", s.postProcessing());
    if (s.retryable()) t.put("retryable", true);
    t.put("onSuccess", s.onSuccess());
    t.put("onFailure", s.onFailure());
    t.put("always", s.always());
    t.put("onValue", s.onValue().isEmpty() ? null : new TreeMap<>(s.onValue()));
    return t.map;
  }

  private static Map<String, Object> gate(GateSpec g) {
    if (g.anyOf().size() == 1) return clause(g.anyOf().get(0));
    return Map.of("anyOf", g.anyOf().stream().map(ConfigWriter::clause).toList());
  }

  private static Map<String, Object> clause(GateClause c) {
    Tree t = new Tree();
    t.put("allOf", c.allOf());
    t.put("noneOf", c.noneOf());
    t.put("snapshotStatuses", c.snapshotStatuses());
    return t.map;
  }

  private static Map<String, Object> approval(ApprovalSpec a) {
    Tree t = new Tree();
    t.put("required", a.required());
    t.put("approvers", a.approvers());
    t.put("noSelfApproval", a.noSelfApproval());
    t.put("commentRequired", a.commentRequired());
    t.put("expiresAfter", a.expiresAfter() == null ? null : Durations.format(a.expiresAfter()));
    return t.map;
  }

  private static List<Map<String, Object>> resources(List<ResourceSpec> resources) {
    return resources.stream()
        .map(
            r -> {
              Tree t = new Tree();
              boolean implicitName =
                  r.name().equals(r.component() != null ? r.component() : r.agent());
              if (!implicitName) t.put("name", r.name());
              t.put("agent", r.agent());
              t.put("component", r.component());
              t.put("children", resources(r.children()));
              return t.map;
            })
        .toList();
  }
}

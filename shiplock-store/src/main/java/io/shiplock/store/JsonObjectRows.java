package io.shiplock.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.model.BlackoutSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.model.TriggerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Roles, teams, sources, triggers, schedules and blackouts: objects read and written whole, one
 * JSON row each.
 */
final class JsonObjectRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Handle h;

  JsonObjectRows(Handle h) {
    this.h = h;
  }

  List<ConfigObject> load(Kind kind, String name) {
    var q =
        h.createQuery(
                "SELECT name, spec FROM json_config_object WHERE kind = :k"
                    + (name == null ? "" : " AND name = :n")
                    + " ORDER BY name")
            .bind("k", kind.yamlName());
    if (name != null) q.bind("n", name);
    return q.map((rs, ctx) -> parse(kind, rs.getString("spec"))).list();
  }

  void save(ConfigObject o) {
    String spec = write(o);
    int n =
        h.createUpdate("UPDATE json_config_object SET spec = :s WHERE kind = :k AND name = :n")
            .bind("s", spec)
            .bind("k", o.key().kind().yamlName())
            .bind("n", o.name())
            .execute();
    if (n == 0)
      h.createUpdate("INSERT INTO json_config_object (kind, name, spec) VALUES (:k, :n, :s)")
          .bind("s", spec)
          .bind("k", o.key().kind().yamlName())
          .bind("n", o.name())
          .execute();
  }

  boolean delete(Kind kind, String name) {
    return h.createUpdate("DELETE FROM json_config_object WHERE kind = :k AND name = :n")
            .bind("k", kind.yamlName())
            .bind("n", name)
            .execute()
        > 0;
  }

  private static String write(ConfigObject o) {
    try {
      return switch (o) {
        case RoleSpec r ->
            JSON.writeValueAsString(
                Map.of(
                    "name", r.name(),
                    "description", r.description() == null ? "" : r.description(),
                    "permissions", r.permissions().stream().map(Permission::yaml).toList()));
        case TeamSpec t -> JSON.writeValueAsString(t);
        case SourceSpec x -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", x.name());
          m.put("component", x.component());
          m.put("description", x.description());
          m.put("gitUrl", x.gitUrl());
          m.put("branch", x.branch());
          m.put("pollInterval", x.pollInterval() == null ? null : x.pollInterval().toString());
          m.put("versionName", x.versionName());
          m.put("webhookSecret", x.webhookSecret());
          m.put("registryUrl", x.registryUrl());
          m.put("repository", x.repository());
          m.put("tagFilter", x.tagFilter());
          m.put("username", x.username());
          m.put("passwordProperty", x.passwordProperty());
          m.put("sshKeyProperty", x.sshKeyProperty());
          yield JSON.writeValueAsString(m);
        }
        case TriggerSpec x -> JSON.writeValueAsString(x);
        case ScheduleSpec x -> JSON.writeValueAsString(x);
        case BlackoutSpec x -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", x.name());
          m.put("application", x.application());
          m.put("environments", x.environments());
          m.put("from", x.from() == null ? null : x.from().toString());
          m.put("until", x.until() == null ? null : x.until().toString());
          m.put("cron", x.cron());
          m.put("timeZone", x.timeZone());
          m.put("duration", x.duration() == null ? null : x.duration().toString());
          m.put("reason", x.reason());
          yield JSON.writeValueAsString(m);
        }
        default -> throw new IllegalArgumentException("not a role or team: " + o.key());
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A row back to its object. The switch names every kind, so a new kind does not compile until it
   * says how it is stored (before, an unknown kind was silently read as a Role).
   */
  private static ConfigObject parse(Kind kind, String json) {
    try {
      return switch (kind) {
        case TEAM -> JSON.readValue(json, TeamSpec.class);
        case TRIGGER -> JSON.readValue(json, TriggerSpec.class);
        case SCHEDULE -> JSON.readValue(json, ScheduleSpec.class);
        case BLACKOUT -> blackout(JSON.readValue(json, MAP));
        case SOURCE -> source(JSON.readValue(json, MAP));
        case ROLE -> role(JSON.readValue(json, MAP));
        case STATUS, AGENT, COMPONENT, APPLICATION, ENVIRONMENT, SNAPSHOT ->
            throw new IllegalStateException(kind.yamlName() + " is stored in its own tables");
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt " + kind.yamlName() + " row", e);
    }
  }

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static SourceSpec source(Map<String, Object> m) {
    Object poll = m.get("pollInterval");
    return new SourceSpec(
        (String) m.get("name"),
        (String) m.get("component"),
        (String) m.get("description"),
        (String) m.get("gitUrl"),
        (String) m.get("branch"),
        poll == null ? null : Duration.parse(String.valueOf(poll)),
        (String) m.get("versionName"),
        (String) m.get("webhookSecret"),
        (String) m.get("registryUrl"),
        (String) m.get("repository"),
        (String) m.get("tagFilter"),
        (String) m.get("username"),
        (String) m.get("passwordProperty"),
        (String) m.get("sshKeyProperty"));
  }

  private static BlackoutSpec blackout(Map<String, Object> m) {
    List<String> envs = new ArrayList<>();
    if (m.get("environments") instanceof List<?> list) list.forEach(e -> envs.add(e.toString()));
    return new BlackoutSpec(
        (String) m.get("name"),
        (String) m.get("application"),
        envs,
        m.get("from") == null ? null : Instant.parse((String) m.get("from")),
        m.get("until") == null ? null : Instant.parse((String) m.get("until")),
        (String) m.get("cron"),
        (String) m.get("timeZone"),
        m.get("duration") == null ? null : Duration.parse((String) m.get("duration")),
        (String) m.get("reason"));
  }

  private static RoleSpec role(Map<String, Object> m) {
    Set<Permission> perms = new TreeSet<>();
    if (m.get("permissions") instanceof List<?> list)
      for (Object p : list) Permission.fromYaml(String.valueOf(p)).ifPresent(perms::add);
    String d = (String) m.get("description");
    return new RoleSpec((String) m.get("name"), d == null || d.isEmpty() ? null : d, perms);
  }
}

package io.shiplock.store;

import io.shiplock.core.model.PropertyValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Properties of one owner (application, component, environment, agent, version, …). */
final class PropertyRows {
  static final String APPLICATION = "application";
  static final String COMPONENT = "component";
  static final String ENVIRONMENT = "environment";
  static final String COMPONENT_ENVIRONMENT = "componentEnvironment";
  static final String AGENT = "agent";
  static final String VERSION = "version";

  private final Handle h;

  PropertyRows(Handle h) {
    this.h = h;
  }

  Map<String, PropertyValue> load(String ownerType, long ownerId, long subId) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    h.createQuery(
            "SELECT name, prop_value, secure FROM property"
                + " WHERE owner_type = :t AND owner_id = :o AND sub_id = :s ORDER BY name")
        .bind("t", ownerType)
        .bind("o", ownerId)
        .bind("s", subId)
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString("name"),
                    new PropertyValue(rs.getString("prop_value"), rs.getBoolean("secure"))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Properties of many owners of one type (sub id 0) in one query, by owner id. */
  Map<Long, Map<String, PropertyValue>> loadAll(String ownerType, List<Long> ownerIds) {
    Map<Long, Map<String, PropertyValue>> out = new HashMap<>();
    if (ownerIds.isEmpty()) return out;
    h.createQuery(
            "SELECT owner_id, name, prop_value, secure FROM property"
                + " WHERE owner_type = :t AND owner_id IN (<ids>) AND sub_id = 0"
                + " ORDER BY owner_id, name")
        .bind("t", ownerType)
        .bindList("ids", ownerIds)
        .map(
            (rs, ctx) -> {
              out.computeIfAbsent(rs.getLong("owner_id"), k -> new LinkedHashMap<>())
                  .put(
                      rs.getString("name"),
                      new PropertyValue(rs.getString("prop_value"), rs.getBoolean("secure")));
              return 0;
            })
        .list();
    return out;
  }

  /** Component-environment values of an environment, by component name. */
  Map<String, Map<String, PropertyValue>> loadComponentEnvironment(long environmentId) {
    Map<String, Map<String, PropertyValue>> out = new LinkedHashMap<>();
    h.createQuery(
            "SELECT c.name AS component, p.name, p.prop_value, p.secure FROM property p"
                + " JOIN component c ON c.id = p.sub_id"
                + " WHERE p.owner_type = :t AND p.owner_id = :o ORDER BY c.name, p.name")
        .bind("t", COMPONENT_ENVIRONMENT)
        .bind("o", environmentId)
        .map(
            (rs, ctx) ->
                List.of(
                    rs.getString("component"),
                    rs.getString("name"),
                    new PropertyValue(rs.getString("prop_value"), rs.getBoolean("secure"))))
        .forEach(
            row ->
                out.computeIfAbsent((String) row.get(0), k -> new LinkedHashMap<>())
                    .put((String) row.get(1), (PropertyValue) row.get(2)));
    return out;
  }

  void replace(String ownerType, long ownerId, long subId, Map<String, PropertyValue> props) {
    h.createUpdate("DELETE FROM property WHERE owner_type = :t AND owner_id = :o AND sub_id = :s")
        .bind("t", ownerType)
        .bind("o", ownerId)
        .bind("s", subId)
        .execute();
    if (props.isEmpty()) return;
    var batch =
        h.prepareBatch(
            "INSERT INTO property (owner_type, owner_id, sub_id, name, prop_value, secure)"
                + " VALUES (:t, :o, :s, :name, :value, :secure)");
    props.forEach(
        (name, v) ->
            batch
                .bind("t", ownerType)
                .bind("o", ownerId)
                .bind("s", subId)
                .bind("name", name)
                .bind("value", v.value())
                .bind("secure", v.secure())
                .add());
    batch.execute();
  }

  void deleteAll(String ownerType, long ownerId) {
    h.createUpdate("DELETE FROM property WHERE owner_type = :t AND owner_id = :o")
        .bind("t", ownerType)
        .bind("o", ownerId)
        .execute();
  }
}

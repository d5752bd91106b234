package io.shiplock.store;

import io.shiplock.core.model.AgentSpec;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.BlackoutSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.model.TriggerSpec;
import io.shiplock.core.store.ConfigRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Dispatches each kind to the rows class that holds its SQL. */
final class JdbiConfigRepository implements ConfigRepository {
  private final Handle h;

  JdbiConfigRepository(Handle h) {
    this.h = h;
  }

  @Override
  public List<ConfigObject> all() {
    List<ConfigObject> out = new ArrayList<>();
    for (Kind k : Kind.values()) out.addAll(list(k));
    return out;
  }

  @Override
  public List<ConfigObject> list(Kind kind) {
    return List.copyOf(
        switch (kind) {
          case STATUS -> new StatusRows(h).all();
          case AGENT -> new AgentRows(h).load(null);
          case COMPONENT -> new ComponentRows(h).load(null);
          case APPLICATION -> new ApplicationRows(h).load(null);
          case ENVIRONMENT -> new EnvironmentRows(h).load(null, null);
          case ROLE, TEAM, SOURCE, TRIGGER, SCHEDULE, BLACKOUT ->
              new JsonObjectRows(h).load(kind, null);
          case SNAPSHOT -> List.<ConfigObject>of(); // in JdbiSnapshotRepository
        });
  }

  @Override
  public Optional<ConfigObject> find(ObjectKey key) {
    List<? extends ConfigObject> found =
        switch (key.kind()) {
          case STATUS -> new StatusRows(h).find(key.name()).stream().toList();
          case AGENT -> new AgentRows(h).load(key.name());
          case COMPONENT -> new ComponentRows(h).load(key.name());
          case APPLICATION -> new ApplicationRows(h).load(key.name());
          case ENVIRONMENT ->
              key.application() == null
                  ? List.of()
                  : new EnvironmentRows(h).load(key.application(), key.name());
          case ROLE, TEAM, SOURCE, TRIGGER, SCHEDULE, BLACKOUT ->
              new JsonObjectRows(h).load(key.kind(), key.name());
          case SNAPSHOT -> List.<ConfigObject>of(); // in JdbiSnapshotRepository
        };
    return found.stream().findFirst().map(o -> (ConfigObject) o);
  }

  @Override
  public void save(ConfigObject o) {
    switch (o) {
      case StatusSpec s -> new StatusRows(h).save(s);
      case AgentSpec a -> new AgentRows(h).save(a);
      case ComponentSpec c -> new ComponentRows(h).save(c);
      case ApplicationSpec a -> new ApplicationRows(h).save(a);
      case EnvironmentSpec e -> new EnvironmentRows(h).save(e);
      case RoleSpec r -> new JsonObjectRows(h).save(r);
      case TeamSpec t -> new JsonObjectRows(h).save(t);
      case SourceSpec x -> new JsonObjectRows(h).save(x);
      case TriggerSpec x -> new JsonObjectRows(h).save(x);
      case ScheduleSpec x -> new JsonObjectRows(h).save(x);
      case BlackoutSpec x -> new JsonObjectRows(h).save(x);
    }
  }

  @Override
  public boolean delete(ObjectKey key) {
    return switch (key.kind()) {
      case STATUS -> new StatusRows(h).delete(key.name());
      case AGENT -> new AgentRows(h).delete(key.name());
      case COMPONENT -> new ComponentRows(h).delete(key.name());
      case APPLICATION -> new ApplicationRows(h).delete(key.name());
      case ENVIRONMENT -> new EnvironmentRows(h).delete(key.application(), key.name());
      case ROLE, TEAM, SOURCE, TRIGGER, SCHEDULE, BLACKOUT ->
          new JsonObjectRows(h).delete(key.kind(), key.name());
      case SNAPSHOT -> throw new IllegalArgumentException("snapshots are never deleted: " + key);
    };
  }

  @Override
  public long lock() {
    return h.createQuery("SELECT revision FROM config_revision WHERE id = 1 FOR UPDATE")
        .mapTo(Long.class)
        .one();
  }

  @Override
  public long nextRevision() {
    h.createUpdate("UPDATE config_revision SET revision = revision + 1 WHERE id = 1").execute();
    return revision();
  }

  @Override
  public long revision() {
    return h.createQuery("SELECT revision FROM config_revision WHERE id = 1")
        .mapTo(Long.class)
        .one();
  }
}

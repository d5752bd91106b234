package io.shiplock.server.engine;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.ResourceSpec;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.InventoryRepository.Place;
import io.shiplock.core.store.InventoryRepository.VersionAt;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.RunRepository.VersionRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application process steps that run a component process on every resource of the environment
 * that holds the component: {@code component.install} (the requested version; skipped where the
 * inventory has it unless forced), {@code component.rollback} (the version that last deployed
 * successfully before the current one, per resource) and {@code component.run} (an operational
 * process on what is there). Installs and rollbacks record the inventory.
 */
final class FanOut {
  private FanOut() {}

  private record Target(String path, String agent) {}

  /**
   * Fans a component step out over the environment's resources. The component and the environment
   * come from {@code config}, the engine's cache per configuration revision: read from the store,
   * they were 8 statements of every request's first transaction (bench/cluster.sh, issue 18).
   */
  static void start(StepStarter.Ctx c, StepRun row, StepSpec spec, ConfigCache config) {
    String component = String.valueOf(spec.with().get("component"));
    String processName = String.valueOf(spec.with().get("process"));
    boolean install = spec.type().equals("component.install");
    boolean rollback = spec.type().equals("component.rollback");
    Optional<VersionRef> requested =
        c.request().versions().stream().filter(v -> v.component().equals(component)).findFirst();
    if (install && requested.isEmpty()) {
      fail(
          c,
          row,
          "no version of " + component + " was requested (--version " + component + ":VERSION)");
      return;
    }
    if (install) {
      Optional<String> refused = gate(c, component, requested.get().version());
      if (refused.isPresent()) {
        fail(c, row, refused.get() + " (checked again before the install)");
        return;
      }
    }
    ProcessSpec process =
        config
            .find(c.repos(), ObjectKey.of(Kind.COMPONENT, component))
            .map(o -> (ComponentSpec) o)
            .flatMap(cs -> cs.process(processName))
            .orElse(null);
    if (process == null) {
      fail(c, row, "component " + component + " has no process " + processName);
      return;
    }
    List<Target> targets = targets(c, component, config);
    if (targets.isEmpty()) {
      fail(
          c,
          row,
          "environment "
              + c.request().environment()
              + " has no resource for component "
              + component);
      return;
    }
    c.tree().update(row.with(StepState.WAITING, c.now(), null, null, null));
    boolean force = "true".equals(String.valueOf(spec.with().get("force")));
    int position = 0;
    for (Target t : targets) {
      Place place =
          new Place(c.request().application(), c.request().environment(), t.path(), component);
      Long versionId = null;
      String ended = null;
      StepState state = StepState.WAITING;
      if (install) {
        VersionRef v = requested.get();
        versionId = v.versionId();
        if (!force && isThere(c, place, v.versionId())) {
          state = StepState.SKIPPED;
          ended =
              component
                  + " "
                  + v.version()
                  + " is already on "
                  + t.path()
                  + " (force: true installs it again)";
        }
      } else if (rollback) {
        Optional<VersionAt> previous = c.repos().inventory().previous(place);
        Optional<String> refused = previous.flatMap(p -> gate(c, component, p.version()));
        if (previous.isEmpty()) {
          state = StepState.FAILED;
          ended = "no earlier version of " + component + " deployed successfully on " + t.path();
        } else if (refused.isPresent()) {
          state = StepState.FAILED;
          ended = refused.get() + " (rollback to " + previous.get().version() + ")";
        } else {
          versionId = previous.get().versionId();
        }
      }
      if (versionId != null && state == StepState.WAITING) {
        c.repos().inventory().installStarted(place, versionId, c.request().id(), c.now());
        c.forget(); // what this event read of the inventory is stale now
      }
      c.tree()
          .insert(
              StepRun.of(c.request().id(), NodeKind.TARGET, t.path(), "component.process")
                  .parentId(row.id())
                  .position(position++)
                  .state(state)
                  .placed(component, t.path(), config.agentId(c.repos(), t.agent()).orElse(null))
                  .versionId(versionId)
                  .spec(process)
                  .startedAt(c.now())
                  .finishedAt(state == StepState.WAITING ? null : c.now())
                  .message(ended)
                  .build());
    }
  }

  /**
   * A component process ended on its target. After an install or rollback the inventory learns the
   * outcome: the version is there now, or it failed and what was there stays.
   */
  static void ended(StepStarter.Ctx c, StepRun target, StepState state, String message) {
    StepRun parent = target.parentId() == null ? null : c.tree().get(target.parentId());
    if (parent == null || target.versionId() == null) return;
    if (!parent.type().equals("component.install") && !parent.type().equals("component.rollback"))
      return;
    c.repos()
        .inventory()
        .installEnded(
            TargetVersion.place(c, target),
            target.versionId(),
            c.request().id(),
            state.isSuccessful(),
            state.isSuccessful() ? null : message == null ? state.name() : message,
            c.now());
    c.forget(); // what this event read of the inventory is stale now
  }

  private static boolean isThere(StepStarter.Ctx c, Place place, long versionId) {
    return c.repos().inventory().find(place).flatMap(e -> e.actual()).stream()
        .anyMatch(a -> a.versionId() == versionId);
  }

  private static Optional<String> gate(StepStarter.Ctx c, String component, String version) {
    return Gates.refusal(
        c.repos(),
        c.request().application(),
        c.request().environment(),
        c.request().snapshot(),
        component,
        version);
  }

  private static void fail(StepStarter.Ctx c, StepRun row, String message) {
    c.tree().update(c.tree().get(row.id()).ended(StepState.FAILED, c.now(), Map.of(), message));
  }

  private static List<Target> targets(StepStarter.Ctx c, String component, ConfigCache config) {
    List<Target> out = new ArrayList<>();
    config
        .find(
            c.repos(),
            new ObjectKey(Kind.ENVIRONMENT, c.request().application(), c.request().environment()))
        .map(o -> (EnvironmentSpec) o)
        .ifPresent(e -> collect(e.resources(), "", null, component, out));
    return out;
  }

  private static void collect(
      List<ResourceSpec> nodes, String prefix, String agent, String component, List<Target> out) {
    for (ResourceSpec r : nodes) {
      String path = prefix.isEmpty() ? r.name() : prefix + "/" + r.name();
      String a = r.agent() != null ? r.agent() : agent;
      if (component.equals(r.component()) && a != null) out.add(new Target(path, a));
      collect(r.children(), path, a, component, out);
    }
  }
}

package io.shiplock.server.engine;

import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.engine.PropertyResolver;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.ResourceSpec;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.script.Precondition;
import io.shiplock.core.script.ScriptLimits;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.InventoryRepository.Place;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts one step: server steps run here and now, agent steps are queued, install steps fan out.
 */
final class StepStarter {
  private final StepCatalog catalog;
  private final PropertyContexts contexts;
  private final ServerSteps serverSteps;

  StepStarter(StepCatalog catalog, PropertyContexts contexts, ServerSteps serverSteps) {
    this.catalog = catalog;
    this.contexts = contexts;
    this.serverSteps = serverSteps;
  }

  /** Everything a handler needs while it advances one request. */
  record Ctx(
      Repositories repos,
      Request request,
      Map<String, String> requestProperties,
      RunTree tree,
      Instant now,
      List<Long> wake) {}

  void start(Ctx c, StepRun row, StepSpec spec, StepRun target) {
    StepType type = catalog.find(spec.type()).orElse(null);
    if (type == null) {
      finish(c, row, StepState.FAILED, "unknown step type '" + spec.type() + "'", Map.of());
      return;
    }
    if (type.placement() == Placement.APPLICATION) {
      fanOut(c, row, spec);
      return;
    }
    String agentName = target == null ? null : agentName(c, target);
    PropertyResolver resolver =
        new PropertyResolver(contexts.forStep(c, target, agentName, row.parentId()));
    Map<String, Object> with = new TreeMap<>();
    try {
      if (spec.precondition() != null
          && !spec.precondition().isBlank()
          && !Precondition.holds(resolver.resolve(spec.precondition()), ScriptLimits.DEFAULT)) {
        finish(c, row, StepState.SKIPPED, "precondition is false", Map.of());
        return;
      }
      spec.with().forEach((k, v) -> with.put(k, resolver.resolveValue(v)));
    } catch (PropertyResolver.Unresolved | Precondition.Invalid e) {
      finish(c, row, StepState.FAILED, "step '" + spec.name() + "': " + e.getMessage(), Map.of());
      return;
    }
    if (type.placement() == Placement.SERVER) {
      ServerStep.Result r = serverSteps.run(c, spec, with, target);
      if (r.state() == StepState.WAITING) {
        c.tree().update(row.with(StepState.WAITING, c.now(), null, r.deadline(), r.message()));
      } else {
        finish(c, row, r.state(), r.message(), r.outputs());
      }
      return;
    }
    if (target == null || target.agentId() == null) {
      finish(
          c,
          row,
          StepState.FAILED,
          "agent step '" + spec.name() + "' has no agent to run on",
          Map.of());
      return;
    }
    dispatch(
        c,
        row,
        spec,
        with,
        target.agentId(),
        row.attempt() + 1,
        new ArrayList<>(resolver.secretsUsed()));
  }

  void dispatch(
      Ctx c,
      StepRun row,
      StepSpec spec,
      Map<String, Object> with,
      long agentId,
      int attempt,
      List<String> mask) {
    Long timeout = spec.timeout() == null ? null : spec.timeout().toSeconds();
    queue(
        c,
        row,
        spec,
        new StepPayload(
            row.id(),
            attempt,
            c.request().id(),
            spec.name(),
            spec.type(),
            with,
            spec.postProcessing(),
            timeout,
            mask,
            micros(c.now()),
            TargetVersion.of(c, row.component() == null ? null : c.tree().get(row.parentId()))
                .map(v -> new StepPayload.Version(v.versionId(), v.component(), v.version()))
                .orElse(null)),
        agentId);
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  /** Queues a payload for an agent and marks the step dispatched at the payload's attempt. */
  void queue(Ctx c, StepRun row, StepSpec spec, StepPayload payload, long agentId) {
    int attempt = payload.attempt();
    c.repos().work().enqueue(row.id(), agentId, attempt, Payloads.write(payload), c.now());
    Instant deadline = spec.timeout() == null ? null : c.now().plus(spec.timeout());
    c.repos().runs().dispatch(row.id(), agentId, attempt, c.now(), deadline);
    c.tree().put(c.tree().get(row.id()).dispatched(agentId, attempt, c.now(), deadline));
    c.wake().add(agentId);
  }

  void finish(Ctx c, StepRun row, StepState state, String message, Map<String, String> outputs) {
    c.tree().update(c.tree().get(row.id()).ended(state, c.now(), outputs, message));
  }

  private String agentName(Ctx c, StepRun target) {
    return target.agentId() == null
        ? null
        : contexts.cache().agentName(c.repos(), target.agentId()).orElse(null);
  }

  /** component.install / component.run: one target per component resource of the environment. */
  private void fanOut(Ctx c, StepRun row, StepSpec spec) {
    String component = String.valueOf(spec.with().get("component"));
    String processName = String.valueOf(spec.with().get("process"));
    if (spec.type().equals("component.rollback")) {
      finish(
          c,
          row,
          StepState.FAILED,
          "component.rollback needs the inventory, which comes with Docker delivery",
          Map.of());
      return;
    }
    if (spec.type().equals("component.install")
        && c.request().versions().stream().noneMatch(v -> v.component().equals(component))) {
      finish(
          c,
          row,
          StepState.FAILED,
          "no version of " + component + " was requested (--version " + component + ":VERSION)",
          Map.of());
      return;
    }
    RunRepository.VersionRef installing = null;
    if (spec.type().equals("component.install")) {
      installing =
          c.request().versions().stream()
              .filter(v -> v.component().equals(component))
              .findFirst()
              .orElseThrow();
      var refused =
          Gates.refusal(
              c.repos(),
              c.request().application(),
              c.request().environment(),
              component,
              installing.version());
      if (refused.isPresent()) {
        finish(
            c,
            row,
            StepState.FAILED,
            refused.get() + " (checked again before the install)",
            Map.of());
        return;
      }
    }
    var comp =
        c.repos()
            .config()
            .find(ObjectKey.of(Kind.COMPONENT, component))
            .map(o -> (ComponentSpec) o);
    ProcessSpec process = comp.flatMap(cs -> cs.process(processName)).orElse(null);
    if (process == null) {
      finish(
          c,
          row,
          StepState.FAILED,
          "component " + component + " has no process " + processName,
          Map.of());
      return;
    }
    var env =
        c.repos()
            .config()
            .find(
                new ObjectKey(
                    Kind.ENVIRONMENT, c.request().application(), c.request().environment()))
            .map(o -> (EnvironmentSpec) o);
    List<String[]> targets = new ArrayList<>();
    env.ifPresent(e -> collect(e.resources(), "", null, component, targets));
    if (targets.isEmpty()) {
      finish(
          c,
          row,
          StepState.FAILED,
          "environment "
              + c.request().environment()
              + " has no resource for component "
              + component,
          Map.of());
      return;
    }
    c.tree().update(row.with(StepState.WAITING, c.now(), null, null, null));
    boolean force = "true".equals(String.valueOf(spec.with().get("force")));
    int position = 0;
    for (String[] t : targets) {
      Long agentId = c.repos().agents().idOf(t[1]).orElse(null);
      String skip = null;
      if (installing != null) {
        var place =
            new Place(c.request().application(), c.request().environment(), t[0], component);
        long versionId = installing.versionId();
        boolean there =
            c.repos().inventory().find(place).flatMap(e -> e.actual()).stream()
                .anyMatch(a -> a.versionId() == versionId);
        if (there && !force) {
          skip =
              component
                  + " "
                  + installing.version()
                  + " is already on "
                  + t[0]
                  + " (force: true installs it again)";
        } else {
          c.repos().inventory().installStarted(place, versionId, c.request().id(), c.now());
        }
      }
      c.tree()
          .insert(
              new StepRun(
                  0,
                  c.request().id(),
                  row.id(),
                  "target",
                  position++,
                  t[0],
                  "component.process",
                  skip == null ? StepState.WAITING : StepState.SKIPPED,
                  0,
                  component,
                  null,
                  t[0],
                  agentId,
                  process,
                  c.now(),
                  skip == null ? null : c.now(),
                  null,
                  Map.of(),
                  skip));
    }
  }

  /**
   * A component process ended on its target. For an install, the inventory learns the outcome: the
   * version is there now, or the install failed and what was there stays.
   */
  void targetEnded(Ctx c, StepRun target, StepState state, String message) {
    finish(c, target, state, message, Map.of());
    StepRun parent = target.parentId() == null ? null : c.tree().get(target.parentId());
    if (parent == null || !parent.type().equals("component.install")) return;
    TargetVersion.of(c, target)
        .ifPresent(
            v ->
                c.repos()
                    .inventory()
                    .installEnded(
                        TargetVersion.place(c, target),
                        v.versionId(),
                        c.request().id(),
                        state.isSuccessful(),
                        state.isSuccessful() ? null : message == null ? state.name() : message,
                        c.now()));
  }

  private static void collect(
      List<ResourceSpec> nodes, String prefix, String agent, String component, List<String[]> out) {
    for (ResourceSpec r : nodes) {
      String path = prefix.isEmpty() ? r.name() : prefix + "/" + r.name();
      String a = r.agent() != null ? r.agent() : agent;
      if (component.equals(r.component()) && a != null) out.add(new String[] {path, a});
      collect(r.children(), path, a, component, out);
    }
  }
}

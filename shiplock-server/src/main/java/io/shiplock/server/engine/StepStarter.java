package io.shiplock.server.engine;

import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.engine.PropertyResolver;
import io.shiplock.core.engine.ShellValues;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.script.JsValues;
import io.shiplock.core.script.Precondition;
import io.shiplock.core.script.ScriptLimits;
import io.shiplock.core.security.Masker;
import io.shiplock.core.steps.AgentStepTypes;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.wire.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Starts one step: server steps run here and now, agent steps are queued, install steps fan out.
 */
final class StepStarter {
  private final StepCatalog catalog;
  private final PropertyContexts contexts;
  private final ServerSteps serverSteps;

  private final Payloads payloads;

  StepStarter(
      StepCatalog catalog, PropertyContexts contexts, ServerSteps serverSteps, Payloads payloads) {
    this.payloads = payloads;
    this.catalog = catalog;
    this.contexts = contexts;
    this.serverSteps = serverSteps;
  }

  /** Server steps whose values are stored and shown in clear: a secure value is refused. */
  private static final Set<String> NO_SECRETS =
      Set.of(
          ServerStepTypes.PROPERTY_SET.name(),
          ServerStepTypes.LOCK_ACQUIRE.name(),
          ServerStepTypes.LOCK_RELEASE.name());

  /** Everything a handler needs while it advances one request. */
  record Ctx(
      Repositories repos,
      Request request,
      Map<String, String> requestProperties,
      RunTree tree,
      Instant now,
      List<Long> wake,
      Map<Object, Object> memo,
      List<StatusAdded> statusesAdded,
      List<Long> tasksWaiting,
      List<String> locksFreed,
      Handover handover) {
    /** A version status a step added: triggers see it once the transaction committed. */
    record StatusAdded(String component, long versionId, String version, String status) {}

    Ctx(
        Repositories repos,
        Request request,
        Map<String, String> requestProperties,
        RunTree tree,
        Instant now,
        List<Long> wake) {
      this(
          repos,
          request,
          requestProperties,
          tree,
          now,
          wake,
          new HashMap<>(),
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>(),
          new Handover());
    }

    /**
     * A value read once per event: versions and runtime values do not change within one transaction
     * except through this event's own steps, which clear it ({@link #forget}).
     */
    @SuppressWarnings("unchecked")
    <T> T once(Object key, Supplier<T> read) {
      if (memo.containsKey(key)) return (T) memo.get(key);
      T v = read.get();
      memo.put(key, v);
      return v;
    }

    void forget() {
      memo.clear();
    }
  }

  /**
   * Starts a step. {@code row} is new (not written yet: {@link #saved}), or one already written
   * (rows from before 2026-12-02 were written PENDING first); a new row is written when its start
   * decides its state (an agent step in one insert as DISPATCHED).
   */
  void start(Ctx c, StepRun row, StepSpec spec, StepRun target) {
    StepType type = catalog.find(spec.type()).orElse(null);
    if (type == null) {
      finish(c, row, StepState.FAILED, "unknown step type '" + spec.type() + "'", Map.of());
      return;
    }
    if (type.placement() == Placement.APPLICATION) {
      FanOut.start(c, saved(c, row), spec, contexts.cache());
      return;
    }
    String agentName = target == null ? null : agentName(c, target);
    PropertyResolver resolver =
        new PropertyResolver(contexts.forStep(c, target, agentName, row.parentId()));
    Map<String, Object> with = new TreeMap<>();
    try {
      if (spec.precondition() != null
          && !spec.precondition().isBlank()
          && !Precondition.holds(
              JsValues.bind(spec.precondition(), resolver),
              name -> resolver.value(new PropertyResolver.Reference(0, 0, name, true)),
              ScriptLimits.PRECONDITION)) {
        finish(c, row, StepState.SKIPPED, "precondition is false", Map.of());
        return;
      }
      resolveParameters(spec, resolver, with);
    } catch (PropertyResolver.Unresolved | Precondition.Invalid e) {
      // The error quotes the resolved text, which may hold the secure values used so far.
      finish(
          c,
          row,
          StepState.FAILED,
          masker(resolver).mask("step '" + spec.name() + "': " + e.getMessage()),
          Map.of());
      return;
    }
    if (type.placement() == Placement.SERVER
        && NO_SECRETS.contains(spec.type())
        && !resolver.secretsUsed().isEmpty()) {
      // Recorded properties and lock names are stored and shown in clear; a secret must stay
      // where it is.
      finish(
          c,
          row,
          StepState.FAILED,
          "step '" + spec.name() + "': " + spec.type() + " may not use a secure value",
          Map.of());
      return;
    }
    if (type.placement() == Placement.SERVER) {
      row = saved(c, row);
      ServerStep.Result r = serverSteps.run(c, row, spec, with, target);
      // A server step's message and outputs are built from its resolved arguments (a fail step's
      // message, an unknown status's name): masked here, before anything stores them.
      Masker masker = masker(resolver);
      String message = masker.mask(r.message());
      if (r.state() == StepState.WAITING) {
        c.tree()
            .update(
                row.with(StepState.WAITING, c.now(), null, r.deadline(), message).toBuilder()
                    .outputs(masker.mask(r.outputs()))
                    .build());
        // A manual step's people are told after the commit (the outbox), never before it.
        if (ManualStep.is(row)) c.tasksWaiting().add(row.id());
      } else {
        finish(c, row, r.state(), message, masker.mask(r.outputs()));
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
    var runs = c.repos().agents().stepTypes(target.agentId());
    if (runs.isPresent() && !runs.get().contains(spec.type())) {
      // Refused here, by name, rather than sent to an agent that would fail it at its end.
      finish(
          c,
          row,
          StepState.FAILED,
          "agent '"
              + agentName
              + "' cannot run step type '"
              + spec.type()
              + "' (it runs: "
              + String.join(", ", new TreeSet<>(runs.get()))
              + ")",
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

  /** Sends a step to an agent; a new row is created DISPATCHED, in one write. */
  private void dispatch(
      Ctx c,
      StepRun row,
      StepSpec spec,
      Map<String, Object> with,
      long agentId,
      int attempt,
      List<String> mask) {
    Long timeout = spec.timeout() == null ? null : spec.timeout().toSeconds();
    boolean fresh = row.id() == 0;
    if (fresh) row = c.tree().insert(row.dispatched(agentId, attempt, c.now(), deadline(c, spec)));
    WorkItem payload =
        new WorkItem(
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
                .map(v -> new WorkItem.Version(v.versionId(), v.component(), v.version()))
                .orElse(null));
    if (fresh) send(c, row.id(), payload, agentId);
    else queue(c, row, spec, payload, agentId);
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  /** Queues a payload for an agent and marks the step dispatched at the payload's attempt. */
  void queue(Ctx c, StepRun row, StepSpec spec, WorkItem payload, long agentId) {
    int attempt = payload.attempt();
    Instant deadline = deadline(c, spec);
    c.repos().runs().dispatch(row.id(), agentId, attempt, c.now(), deadline);
    c.tree().put(c.tree().get(row.id()).dispatched(agentId, attempt, c.now(), deadline));
    send(c, row.id(), payload, agentId);
  }

  /**
   * Queues the work. Work for the agent whose result's answer takes it is handed over there,
   * claimed at once; other work wakes its agent's poll.
   */
  private void send(Ctx c, long stepId, WorkItem payload, long agentId) {
    String sealed = payloads.seal(payload);
    if (c.handover().takes(agentId)) {
      c.handover()
          .add(
              c.repos().work().enqueueClaimed(stepId, agentId, payload.attempt(), sealed, c.now()));
    } else {
      c.repos().work().enqueue(stepId, agentId, payload.attempt(), sealed, c.now());
      c.wake().add(agentId);
    }
  }

  private static Instant deadline(Ctx c, StepSpec spec) {
    return spec.timeout() == null ? null : c.now().plus(spec.timeout());
  }

  /** The row as written: a new one is inserted as it is. */
  private static StepRun saved(Ctx c, StepRun row) {
    return row.id() == 0 ? c.tree().insert(row) : row;
  }

  void finish(Ctx c, StepRun row, StepState state, String message, Map<String, String> outputs) {
    c.tree().update(c.tree().get(saved(c, row).id()).ended(state, c.now(), outputs, message));
  }

  private static Masker masker(PropertyResolver resolver) {
    return new Masker(resolver.secretsUsed());
  }

  private String agentName(Ctx c, StepRun target) {
    return target.agentId() == null
        ? null
        : contexts.cache().agentName(c.repos(), target.agentId()).orElse(null);
  }

  /** A component process ended on its target: finish it and let the inventory know. */
  void targetEnded(Ctx c, StepRun target, StepState state, String message) {
    finish(c, target, state, message, Map.of());
    FanOut.ended(c, target, state, message);
  }

  /**
   * The step's parameters with their property values. A shell script gets its values as environment
   * variables ({@link ShellValues}), never pasted into its text.
   */
  private static void resolveParameters(
      StepSpec spec, PropertyResolver resolver, Map<String, Object> with) {
    Object script = spec.with().get("script");
    spec.with()
        .forEach(
            (k, v) -> {
              if (!k.equals("script")) with.put(k, resolver.resolveValue(v));
            });
    if (script == null) return;
    Object interpreter = with.get("interpreter");
    boolean shell =
        spec.type().equals(AgentStepTypes.SHELL.name())
            && ShellValues.isShell(interpreter == null ? null : String.valueOf(interpreter));
    if (!shell || !(script instanceof String text)) {
      with.put("script", resolver.resolveValue(script));
      return;
    }
    ShellValues.Bound bound = ShellValues.bind(text, resolver);
    with.put("script", bound.script());
    if (bound.env().isEmpty()) return;
    Map<String, Object> env = new TreeMap<>();
    if (with.get("env") instanceof Map<?, ?> given)
      given.forEach((k, v) -> env.put(String.valueOf(k), v));
    env.putAll(bound.env());
    with.put("env", env);
  }
}

package io.shiplock.server.engine;

import io.shiplock.core.engine.StepDecisions;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.security.Masker;
import io.shiplock.core.steps.AgentStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.server.engine.EngineEvent.AgentFinished;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent reports a step's end. Applied once per (step, attempt): a retried delivery of the same
 * result is a duplicate, a failure of a retryable step queues the next attempt.
 */
final class OnAgentFinished {
  private final RequestTx tx;
  private final StepStarter starter;
  private final Payloads payloads;
  private final StepLogs logs;

  OnAgentFinished(RequestTx tx, StepStarter starter, Payloads payloads, StepLogs logs) {
    this.tx = tx;
    this.starter = starter;
    this.payloads = payloads;
    this.logs = logs;
  }

  Committed<Engine.Answer> handle(AgentFinished e) {
    StepState state = e.state();
    if (!state.isTerminal() || state == StepState.NOT_RUN)
      throw new RequestRefused(400, "a result must be SUCCEEDED, FAILED, SKIPPED or CANCELED");
    long stepId = e.stepId();
    return tx.onStep(
        stepId,
        (c, out) -> {
          StepRun s = c.tree().get(stepId);
          String payload = StepOwner.claimedPayload(s, e.agent(), e.attempt(), c.repos().work());
          if (s.state().isTerminal()) {
            if (s.state() != state) {
              throw new RequestRefused(409, "step " + stepId + " already ended as " + s.state());
            }
            out.set(
                new Engine.Answer(
                    Engine.Applied.DUPLICATE, List.of())); // a retried delivery of the same result
            return;
          }
          logs.end(c.repos(), stepId, e.attempt(), e.tail(), c.now());
          StepSpec spec = c.tree().get(s.parentId()).spec().step(s.name()).orElseThrow();
          Optional<Integer> next =
              StepDecisions.retry(
                  state, spec.retryable(), e.attempt(), c.request().cancelRequested());
          // The agent's next work (the retry, or what the advance reaches) goes in the answer.
          if (e.takesNext()) c.handover().open(e.agent().agentId());
          if (next.isPresent()) {
            starter.queue(
                c,
                s,
                spec,
                payloads.nextAttempt(payload, next.get(), c.now()),
                e.agent().agentId());
            out.set(new Engine.Answer(Engine.Applied.RETRYING, List.of()));
            return;
          }
          Masker masker = payloads.masker(payload);
          Map<String, String> outputs = masker.mask(e.outputs());
          String message = masker.mask(e.message());
          c.repos()
              .runs()
              .complete(stepId, e.agent().agentId(), e.attempt(), state, outputs, message, c.now());
          c.tree().put(s.ended(state, c.now(), outputs, message));
          if (state == StepState.SUCCEEDED) record(c, c.tree().get(s.parentId()), spec, outputs);
          out.set(new Engine.Answer(Engine.Applied.APPLIED, List.of()));
        },
        (c, out) -> out.set(new Engine.Answer(out.get().applied(), c.handover().items())));
  }

  /**
   * What a successful step declares worth keeping (a Swarm service and the image digest it runs)
   * becomes a component-environment value of its place, in the same transaction, so the inventory
   * shows what runs there.
   */
  private static void record(
      StepStarter.Ctx c, StepRun target, StepSpec spec, Map<String, String> outputs) {
    if (target == null || target.component() == null) return;
    var recorded = AgentStepTypes.RECORDED.getOrDefault(spec.type(), Map.of());
    recorded.forEach(
        (output, name) -> {
          String value = outputs.get(output);
          if (value == null) return;
          c.repos()
              .runs()
              .setRuntimeProperty(
                  c.request().application(),
                  c.request().environment(),
                  target.component(),
                  name,
                  value,
                  c.request().id(),
                  c.now());
        });
    if (!recorded.isEmpty()) c.forget(); // what this event read of runtime values is stale now
  }
}

package io.shiplock.core.engine;

import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StepSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decision function of a step graph: from the states of its steps to the steps to start and,
 * when nothing is left to do, the outcome. Pure; the engine persists and applies the result.
 *
 * <p>Rules (UCD's): a process without declared edges is a sequence in list order. Otherwise a step
 * with no incoming edge starts first (several run in parallel). An edge fires when its source ends:
 * {@code onSuccess} on success or skip, {@code onFailure} on failure, {@code always} on either. A
 * step starts when one incoming edge fired; a {@code join} starts when one fired and none of its
 * sources can still run. A failure that no {@code onFailure} or {@code always} edge handles fails
 * the process: nothing new starts, running steps finish. A switch's {@code onValue} edges fire on
 * its success, those of the value it chose only.
 */
public final class GraphDecider {
  private GraphDecider() {}

  public static Decision decide(
      ProcessSpec process, Map<String, StepState> states, boolean cancel) {
    return decide(process, states, Map.of(), cancel);
  }

  /**
   * As above; {@code values} holds the value each ended {@code switch} step chose: its {@code
   * onValue} edges for that value fire, the others never do.
   */
  public static Decision decide(
      ProcessSpec process,
      Map<String, StepState> states,
      Map<String, String> values,
      boolean cancel) {
    Map<String, List<Edge>> incoming = incoming(process, values);
    boolean active = states.values().stream().anyMatch(StepState::isActive);
    boolean unhandledFailure =
        process.steps().stream()
            .anyMatch(s -> state(states, s.name()) == StepState.FAILED && !handlesFailure(s));
    List<String> start = new ArrayList<>();
    if (!cancel && !unhandledFailure) {
      for (StepSpec s : process.steps()) {
        if (state(states, s.name()) != StepState.PENDING) continue;
        List<Edge> in = incoming.getOrDefault(s.name(), List.of());
        if (in.isEmpty()) {
          start.add(s.name());
        } else if (in.stream().anyMatch(e -> e.fired(states))) {
          if (!s.type().equals("join")
              || in.stream().noneMatch(e -> canStillRun(e.from(), incoming, states))) {
            start.add(s.name());
          }
        }
      }
    }
    if (!start.isEmpty() || active) return new Decision(start, Optional.empty(), List.of());
    List<String> notRun =
        process.steps().stream()
            .map(StepSpec::name)
            .filter(n -> state(states, n) == StepState.PENDING)
            .toList();
    Outcome outcome =
        cancel ? Outcome.CANCELED : unhandledFailure ? Outcome.FAILED : Outcome.SUCCEEDED;
    return new Decision(List.of(), Optional.of(outcome), notRun);
  }

  private static StepState state(Map<String, StepState> states, String step) {
    return states.getOrDefault(step, StepState.PENDING);
  }

  private static boolean handlesFailure(StepSpec s) {
    return !s.onFailure().isEmpty() || !s.always().isEmpty();
  }

  /** A step that is active, or pending with an incoming path that can still fire. */
  private static boolean canStillRun(
      String step, Map<String, List<Edge>> incoming, Map<String, StepState> states) {
    // Iterative, with its own stack: a graph of thousands of steps must not overflow the thread's.
    Deque<String> todo = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    todo.push(step);
    while (!todo.isEmpty()) {
      String s = todo.pop();
      StepState st = state(states, s);
      if (st.isActive()) return true;
      if (st != StepState.PENDING || !seen.add(s)) continue;
      List<Edge> in = incoming.getOrDefault(s, List.of());
      if (in.isEmpty()) return true;
      for (Edge e : in) {
        if (e.fired(states)) return true;
        todo.push(e.from());
      }
    }
    return false;
  }

  enum When {
    SUCCESS,
    FAILURE,
    ALWAYS,
    VALUE
  }

  /** {@code chosen}: for a VALUE edge, whether its value is the one its switch chose. */
  record Edge(String from, When when, boolean chosen) {
    Edge(String from, When when) {
      this(from, when, true);
    }

    boolean fired(Map<String, StepState> states) {
      StepState s = states.getOrDefault(from, StepState.PENDING);
      return switch (when) {
        case SUCCESS -> s.isSuccessful();
        case VALUE -> chosen && s == StepState.SUCCEEDED;
        case FAILURE -> s == StepState.FAILED;
        case ALWAYS -> s.isSuccessful() || s == StepState.FAILED;
      };
    }
  }

  static Map<String, List<Edge>> incoming(ProcessSpec process, Map<String, String> values) {
    Map<String, List<Edge>> in = new HashMap<>();
    List<StepSpec> steps = process.steps();
    for (int i = 0; i < steps.size(); i++) {
      StepSpec s = steps.get(i);
      if (process.isSequence()) {
        if (i + 1 < steps.size()) add(in, steps.get(i + 1).name(), s.name(), When.SUCCESS);
        continue;
      }
      s.onSuccess().forEach(t -> add(in, t, s.name(), When.SUCCESS));
      s.onFailure().forEach(t -> add(in, t, s.name(), When.FAILURE));
      s.always().forEach(t -> add(in, t, s.name(), When.ALWAYS));
      String chosen = values.get(s.name());
      s.onValue()
          .forEach(
              (value, targets) ->
                  targets.forEach(
                      t ->
                          in.computeIfAbsent(t, k -> new ArrayList<>())
                              .add(new Edge(s.name(), When.VALUE, value.equals(chosen)))));
    }
    return in;
  }

  private static void add(Map<String, List<Edge>> in, String to, String from, When when) {
    in.computeIfAbsent(to, k -> new ArrayList<>()).add(new Edge(from, when));
  }
}

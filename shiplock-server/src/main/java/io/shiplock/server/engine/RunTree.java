package io.shiplock.server.engine;

import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The step rows of one request in memory while a handler works on it; writes go through. */
final class RunTree {
  private final RunRepository runs;
  private final Map<Long, StepRun> rows = new LinkedHashMap<>();
  private boolean requestEnded;
  private boolean cancelRequested;

  RunTree(RunRepository runs, long requestId) {
    this.runs = runs;
    runs.steps(requestId).forEach(s -> rows.put(s.id(), s));
  }

  List<StepRun> children(Long parentId) {
    List<StepRun> out = new ArrayList<>();
    for (StepRun s : rows.values()) if (Objects.equals(s.parentId(), parentId)) out.add(s);
    return out;
  }

  Map<String, StepState> states(Long parentId) {
    Map<String, StepState> out = new LinkedHashMap<>();
    for (StepRun s : children(parentId)) out.put(s.name(), s.state());
    return out;
  }

  /** The value each ended switch step under {@code parentId} chose (its output {@code value}). */
  Map<String, String> chosen(Long parentId) {
    Map<String, String> out = new LinkedHashMap<>();
    for (StepRun s : children(parentId)) {
      if ("switch".equals(s.type()) && s.outputs() != null && s.outputs().get("value") != null) {
        out.put(s.name(), s.outputs().get("value"));
      }
    }
    return out;
  }

  StepRun child(Long parentId, String name) {
    for (StepRun s : children(parentId)) if (s.name().equals(name)) return s;
    return null;
  }

  StepRun get(long id) {
    return rows.get(id);
  }

  List<StepRun> all() {
    return List.copyOf(rows.values());
  }

  StepRun insert(StepRun s) {
    long id = runs.insert(s);
    StepRun saved = s.withId(id);
    rows.put(id, saved);
    return saved;
  }

  /** Records in memory what a targeted repository update did, without reading the row back. */
  void put(StepRun s) {
    rows.put(s.id(), s);
  }

  StepRun update(StepRun s) {
    if (!rows.get(s.id()).state().equals(s.state())
        && !rows.get(s.id()).state().canMoveTo(s.state())) {
      throw new IllegalStateException(
          "step "
              + s.name()
              + " cannot move from "
              + rows.get(s.id()).state()
              + " to "
              + s.state());
    }
    runs.update(s);
    rows.put(s.id(), s);
    return s;
  }

  void markCancelRequested() {
    cancelRequested = true;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  void markRequestEnded() {
    requestEnded = true;
  }

  boolean requestEnded() {
    return requestEnded;
  }

  void refresh(long id) {
    runs.step(id).ifPresent(s -> rows.put(id, s));
  }
}

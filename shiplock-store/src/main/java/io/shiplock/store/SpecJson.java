package io.shiplock.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.config.Durations;
import io.shiplock.core.model.ApprovalSpec;
import io.shiplock.core.model.GateClause;
import io.shiplock.core.model.GateSpec;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Explicit JSON mapping of the nested parts stored as JSON columns (step graphs, gates, approval
 * rules), so table rows never depend on how the model records happen to be shaped.
 */
final class SpecJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private SpecJson() {}

  static String write(Object tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
    }
  }

  static String steps(List<StepSpec> steps) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (StepSpec s : steps) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("type", s.type());
      m.put("with", s.with());
      m.put("precondition", s.precondition());
      m.put("timeout", s.timeout() == null ? null : Durations.format(s.timeout()));
      m.put("postProcessing", s.postProcessing());
      m.put("retryable", s.retryable());
      m.put("onSuccess", s.onSuccess());
      m.put("onFailure", s.onFailure());
      m.put("always", s.always());
      if (!s.onValue().isEmpty()) m.put("onValue", s.onValue());
      out.add(m);
    }
    return write(out);
  }

  @SuppressWarnings("unchecked")
  static List<StepSpec> steps(String json) {
    List<StepSpec> out = new ArrayList<>();
    for (Map<String, Object> m : read(json, LIST)) {
      String timeout = (String) m.get("timeout");
      out.add(
          new StepSpec(
              (String) m.get("name"),
              (String) m.get("type"),
              (Map<String, Object>) m.get("with"),
              (String) m.get("precondition"),
              timeout == null ? null : Durations.parse(timeout),
              (String) m.get("postProcessing"),
              Boolean.TRUE.equals(m.get("retryable")),
              (List<String>) m.get("onSuccess"),
              (List<String>) m.get("onFailure"),
              (List<String>) m.get("always"),
              (Map<String, List<String>>) m.get("onValue")));
    }
    return out;
  }

  static String process(ProcessSpec p) {
    if (p == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("description", p.description());
    m.put("steps", read(steps(p.steps()), LIST));
    return write(m);
  }

  /**
   * Parsed process specs by their JSON. The engine reads a request's step rows on every event and
   * the same few specs come back each time; specs are immutable records, so sharing is safe.
   */
  private static final ConcurrentHashMap<String, ProcessSpec> PARSED = new ConcurrentHashMap<>();

  static ProcessSpec process(String json) {
    if (json == null) return null;
    ProcessSpec cached = PARSED.get(json);
    if (cached != null) return cached;
    ProcessSpec parsed = parseProcess(json);
    if (PARSED.size() > 2_000) PARSED.clear(); // bounded: a cache, not a store
    PARSED.put(json, parsed);
    return parsed;
  }

  private static ProcessSpec parseProcess(String json) {
    Map<String, Object> m = read(json, MAP);
    return new ProcessSpec(
        (String) m.get("name"), (String) m.get("description"), steps(write(m.get("steps"))));
  }

  static String strings(Map<String, String> map) {
    return write(map == null ? Map.of() : map);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> strings(String json) {
    if (json == null) return Map.of();
    Map<String, String> out = new TreeMap<>();
    read(json, MAP).forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
    return out;
  }

  static String gate(GateSpec gate) {
    if (gate == null) return null;
    return write(
        gate.anyOf().stream()
            .map(
                c ->
                    Map.of(
                        "allOf",
                        c.allOf(),
                        "noneOf",
                        c.noneOf(),
                        "snapshotStatuses",
                        c.snapshotStatuses()))
            .toList());
  }

  @SuppressWarnings("unchecked")
  static GateSpec gate(String json) {
    if (json == null) return null;
    return new GateSpec(
        read(json, LIST).stream()
            .map(
                m ->
                    new GateClause(
                        (List<String>) m.get("allOf"),
                        (List<String>) m.get("noneOf"),
                        // Gates stored before snapshot statuses have none.
                        (List<String>) m.getOrDefault("snapshotStatuses", List.of())))
            .toList());
  }

  static String approval(ApprovalSpec a) {
    if (a == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("required", a.required());
    m.put("approvers", a.approvers());
    m.put("noSelfApproval", a.noSelfApproval());
    m.put("commentRequired", a.commentRequired());
    m.put("expiresAfter", a.expiresAfter() == null ? null : Durations.format(a.expiresAfter()));
    return write(m);
  }

  @SuppressWarnings("unchecked")
  static ApprovalSpec approval(String json) {
    if (json == null) return null;
    Map<String, Object> m = read(json, MAP);
    String expires = (String) m.get("expiresAfter");
    return new ApprovalSpec(
        ((Number) m.get("required")).intValue(),
        (List<String>) m.get("approvers"),
        Boolean.TRUE.equals(m.get("noSelfApproval")),
        Boolean.TRUE.equals(m.get("commentRequired")),
        expires == null ? null : Durations.parse(expires));
  }
}

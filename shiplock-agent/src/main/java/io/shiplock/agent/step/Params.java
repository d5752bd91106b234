package io.shiplock.agent.step;

import io.shiplock.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a step's resolved parameters. The server validated names and types against the
 * step's declaration; what is checked here is only what the values mean on this host.
 */
public record Params(Map<String, Object> with) {
  public String text(String name) {
    Object v = with.get(name);
    if (v == null || String.valueOf(v).isBlank())
      throw new StepFailure("parameter '" + name + "' is required");
    return String.valueOf(v);
  }

  public String text(String name, String otherwise) {
    Object v = with.get(name);
    return v == null || String.valueOf(v).isBlank() ? otherwise : String.valueOf(v);
  }

  public boolean flag(String name, boolean otherwise) {
    Object v = with.get(name);
    if (v == null) return otherwise;
    return v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
  }

  public List<String> list(String name) {
    List<String> out = new ArrayList<>();
    if (with.get(name) instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
    else if (with.get(name) != null) out.add(String.valueOf(with.get(name)));
    return out;
  }

  public Map<String, String> map(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    if (with.get(name) instanceof Map<?, ?> m)
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    return out;
  }

  /** A whole number between min and max, or {@code otherwise} when not given. */
  public int number(String name, int otherwise, int min, int max) {
    String text = text(name, null);
    if (text == null) return otherwise;
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new StepFailure(name + " must be a whole number, not '" + text + "'");
    }
    if (n < min || n > max)
      throw new StepFailure(name + " must be between " + min + " and " + max + ", not " + n);
    return n;
  }

  /**
   * A duration above zero such as 500ms or 10m; {@code otherwise} when not given, and when that is
   * null the parameter is required.
   */
  public Duration duration(String name, Duration otherwise) {
    String text = text(name, null);
    if (text == null) {
      if (otherwise == null) throw new StepFailure("parameter '" + name + "' is required");
      return otherwise;
    }
    Duration d = Durations.parse(text.strip());
    if (d == null || d.isZero())
      throw new StepFailure(
          name + " must be a duration above zero such as 500ms or 10s, not '" + text + "'");
    return d;
  }
}

package io.shiplock.agent.step;

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
}

package io.shiplock.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the fields of one YAML mapping with their locations. Every read marks its key as known;
 * {@link #finish()} reports the keys nobody read as unknown fields. Type errors are recorded, not
 * thrown, so one pass finds every problem.
 */
final class MapReader {
  private final String file;
  private final String path;
  private final Node node;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> read = new LinkedHashSet<>();

  MapReader(String file, String path, Node node, Problems problems) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.problems = problems;
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          problems.add(at(t.getKeyNode()), path, "field names must be plain strings");
          continue;
        }
        if (entries.containsKey(k.getValue())) {
          problems.add(
              at(k),
              field(k.getValue()),
              "duplicate key '"
                  + k.getValue()
                  + "' (first at line "
                  + at(entries.get(k.getValue()).getKeyNode()).line()
                  + ")");
          continue;
        }
        entries.put(k.getValue(), t);
      }
    }
  }

  static boolean isMapping(Node n) {
    return n instanceof MappingNode;
  }

  Location at(Node n) {
    return new Location(file, n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1);
  }

  Location location() {
    return at(node);
  }

  /** Where the value of a key stands, or the mapping itself when the key is absent. */
  Location at(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? location() : at(t.getValueNode());
  }

  String file() {
    return file;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** A reference made by the value of {@code key}, located there. */
  Ref ref(Ref.Type type, String owner, String name, String detail, String key) {
    return new Ref(type, owner, name, detail, at(key), field(key));
  }

  Problems problems() {
    return problems;
  }

  boolean has(String key) {
    read.add(key);
    NodeTuple t = entries.get(key);
    return t != null && !isNull(t.getValueNode());
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  private Optional<Node> value(String key) {
    read.add(key);
    NodeTuple t = entries.get(key);
    if (t == null || isNull(t.getValueNode())) return Optional.empty();
    return Optional.of(t.getValueNode());
  }

  void error(String key, String message) {
    problems.add(at(key), field(key), message);
  }

  void warn(String key, String message) {
    problems.warn(at(key), field(key), message);
  }

  String string(String key) {
    return value(key).map(n -> scalarText(n, field(key))).orElse(null);
  }

  String requiredString(String key) {
    String s = string(key);
    NodeTuple t = entries.get(key);
    if (s == null && (t == null || isNull(t.getValueNode()))) {
      problems.add(location(), field(key), "required field '" + key + "' is missing");
    }
    return s;
  }

  /** A name: required, trimmed of nothing, limited to characters that are safe in URLs and refs. */
  String name(String key) {
    String s = requiredString(key);
    if (s != null) {
      String bad = Names.problem(s);
      if (bad != null) error(key, bad);
    }
    return s;
  }

  String scalarText(Node n, String fieldPath) {
    if (n instanceof ScalarNode s) return s.getValue();
    problems.add(at(n), fieldPath, "expected a string, found " + describe(n));
    return null;
  }

  Integer integer(String key) {
    return value(key).map(n -> toInteger(n, field(key))).orElse(null);
  }

  Integer toInteger(Node n, String fieldPath) {
    if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      try {
        return Integer.valueOf(s.getValue());
      } catch (NumberFormatException e) {
        problems.add(at(n), fieldPath, "integer out of range: " + s.getValue());
        return null;
      }
    }
    problems.add(at(n), fieldPath, "expected an integer, found " + describe(n));
    return null;
  }

  boolean bool(String key, boolean defaultValue) {
    return value(key).map(n -> toBool(n, field(key))).orElse(defaultValue);
  }

  Boolean toBool(Node n, String fieldPath) {
    if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
      String v = s.getValue().toLowerCase(Locale.ROOT);
      return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
    }
    problems.add(at(n), fieldPath, "expected true or false, found " + describe(n));
    return null;
  }

  Duration duration(String key) {
    return value(key).map(n -> toDuration(n, field(key))).orElse(null);
  }

  Duration toDuration(Node n, String fieldPath) {
    String text = n instanceof ScalarNode s ? s.getValue() : null;
    Duration d = text == null ? null : Durations.parse(text);
    if (d == null) {
      problems.add(
          at(n),
          fieldPath,
          "expected a duration such as 30s, 5m or 1h30m, found "
              + (text == null ? describe(n) : "'" + text + "'"));
    }
    return d;
  }

  List<String> stringList(String key) {
    return value(key).map(n -> toStringList(n, field(key))).orElse(List.of());
  }

  List<String> toStringList(Node n, String fieldPath) {
    if (!(n instanceof SequenceNode seq)) {
      problems.add(at(n), fieldPath, "expected a list of strings, found " + describe(n));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      String s = scalarText(seq.getValue().get(i), fieldPath + "[" + i + "]");
      if (s != null) out.add(s);
    }
    return out;
  }

  Map<String, String> stringMap(String key) {
    return value(key).map(n -> toStringMap(n, field(key))).orElse(Map.of());
  }

  Map<String, String> toStringMap(Node n, String fieldPath) {
    if (!(n instanceof MappingNode)) {
      problems.add(at(n), fieldPath, "expected a map of strings, found " + describe(n));
      return Map.of();
    }
    MapReader sub = new MapReader(file, fieldPath, n, problems);
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : sub.keys()) {
      String v = sub.string(k);
      if (v != null) out.put(k, v);
    }
    return out;
  }

  /** A nested mapping, or empty (with a problem recorded when the value is not a mapping). */
  Optional<MapReader> map(String key) {
    return value(key).flatMap(n -> asMap(n, field(key)));
  }

  Optional<MapReader> asMap(Node n, String fieldPath) {
    if (n instanceof MappingNode) return Optional.of(new MapReader(file, fieldPath, n, problems));
    problems.add(at(n), fieldPath, "expected a mapping, found " + describe(n));
    return Optional.empty();
  }

  /** A list of mappings, each read by {@code each(reader, index)}; nulls are dropped. */
  <T> List<T> list(String key, BiFunction<MapReader, Integer, T> each) {
    Optional<Node> v = value(key);
    if (v.isEmpty()) return List.of();
    if (!(v.get() instanceof SequenceNode seq)) {
      problems.add(at(v.get()), field(key), "expected a list, found " + describe(v.get()));
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      String p = field(key) + "[" + i + "]";
      int index = i;
      asMap(seq.getValue().get(i), p).map(r -> each.apply(r, index)).ifPresent(out::add);
    }
    return out;
  }

  Optional<Node> raw(String key) {
    return value(key);
  }

  Set<String> keys() {
    return entries.keySet();
  }

  /** Reports every key that no read asked for. */
  void finish() {
    for (var e : entries.entrySet()) {
      if (!read.contains(e.getKey())) {
        problems.add(
            at(e.getValue().getKeyNode()),
            field(e.getKey()),
            "unknown field '" + e.getKey() + "'" + Names.suggestion(e.getKey(), read));
      }
    }
  }

  static String describe(Node n) {
    if (n instanceof MappingNode) return "a mapping";
    if (n instanceof SequenceNode) return "a list";
    if (n instanceof ScalarNode s) {
      if (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))
        return "number " + s.getValue();
      if (s.getTag().equals(Tag.BOOL)) return "boolean " + s.getValue();
      if (s.getTag().equals(Tag.NULL)) return "null";
      return "string '" + abbreviate(s.getValue()) + "'";
    }
    return "a value";
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }
}

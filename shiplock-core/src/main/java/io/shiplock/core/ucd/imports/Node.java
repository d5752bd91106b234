package io.shiplock.core.ucd.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON value of an export with its file and JSON path, so every problem names where it stands
 * ({@code $.components[0].processes[1].rootActivity.children[2]}).
 */
record Node(String file, String path, JsonNode json) {
  Node field(String name) {
    JsonNode v = json.isObject() ? json.get(name) : null;
    return new Node(file, path + "." + name, v == null ? MissingNode.getInstance() : v);
  }

  boolean has(String name) {
    JsonNode v = json.isObject() ? json.get(name) : null;
    return v != null && !v.isNull() && !v.isMissingNode();
  }

  boolean isObject() {
    return json.isObject();
  }

  boolean isArray() {
    return json.isArray();
  }

  boolean isMissing() {
    return json.isMissingNode() || json.isNull();
  }

  /** The elements of an array; an absent field is an empty list, anything else a problem. */
  List<Node> items(Problems problems) {
    List<Node> out = new ArrayList<>();
    if (isMissing()) return out;
    if (!json.isArray()) {
      problems.add(this, "expected an array, found " + kind());
      return out;
    }
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(file, path + "[" + i + "]", json.get(i)));
    }
    return out;
  }

  /** A text field, or empty when absent; numbers and booleans are taken as their text. */
  Optional<String> text(String name, Problems problems) {
    Node f = field(name);
    if (f.isMissing()) return Optional.empty();
    if (f.json.isValueNode()) return Optional.of(f.json.asText());
    problems.add(f, "expected a string, found " + f.kind());
    return Optional.empty();
  }

  String text(String name, String fallback, Problems problems) {
    return text(name, problems).orElse(fallback);
  }

  /** A required, non-blank text field. */
  String required(String name, Problems problems) {
    Optional<String> v = text(name, problems);
    if (v.isEmpty() || v.get().isBlank()) {
      if (v.isEmpty() && field(name).isMissing()) {
        problems.add(field(name), "required field '" + name + "' is missing");
      } else if (v.isPresent()) {
        problems.add(field(name), "'" + name + "' must not be empty");
      }
      return null;
    }
    return v.get();
  }

  /** A boolean as UCD writes them: true/false or the strings "true"/"false". */
  boolean bool(String name, boolean fallback, Problems problems) {
    Node f = field(name);
    if (f.isMissing()) return fallback;
    if (f.json.isBoolean()) return f.json.booleanValue();
    String t = f.json.isValueNode() ? f.json.asText() : "";
    if (t.equalsIgnoreCase("true")) return true;
    if (t.equalsIgnoreCase("false") || (t.isEmpty() && f.json.isTextual())) return false;
    problems.add(f, "expected true or false, found " + f.kind());
    return fallback;
  }

  String kind() {
    if (json.isObject()) return "an object";
    if (json.isArray()) return "an array";
    if (json.isTextual()) return "a string";
    if (json.isNumber()) return "a number";
    if (json.isBoolean()) return "a boolean";
    return "null";
  }
}

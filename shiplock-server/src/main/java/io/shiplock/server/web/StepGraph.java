package io.shiplock.server.web;

import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StepSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A process drawn as a graph: steps in columns by their distance from the start (the longest path,
 * so every edge points right), each box coloured by the step's state in this run. A pure function
 * of the process and the states; the page renders the result as SVG.
 */
public record StepGraph(String title, int width, int height, List<Node> nodes, List<Edge> edges) {
  static final int BOX_W = 150;
  static final int BOX_H = 44;
  static final int GAP_X = 40;
  static final int GAP_Y = 14;
  static final int MARGIN = 6;

  /** One step: where it is drawn, its state and how long it took ("" when it did not run). */
  public record Node(String name, String state, String took, int x, int y) {
    public String label() {
      return name.length() > 20 ? name.substring(0, 19) + "…" : name;
    }
  }

  /** An edge between box sides; failure edges are drawn dashed. */
  public record Edge(int x1, int y1, int x2, int y2, boolean failure) {
    public String path() {
      int mid = (x1 + x2) / 2;
      return "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + ","
          + y2;
    }

    /** The arrow head at the target's side. */
    public String head() {
      return "M" + (x2 - 7) + "," + (y2 - 4) + " L" + x2 + "," + y2 + " L" + (x2 - 7) + ","
          + (y2 + 4);
    }
  }

  /** What the page knows of a step in this run; absent steps are drawn as PENDING. */
  public record Run(String state, String took) {}

  public static StepGraph of(String title, ProcessSpec spec, Map<String, Run> runs) {
    Map<String, List<String>> next = spec.successors();
    Map<String, Integer> column = new HashMap<>();
    for (StepSpec s : spec.steps()) column.put(s.name(), 0);
    // Longest path by relaxation: the graph is acyclic (the configuration reader refuses cycles),
    // so at most one pass per step settles it.
    for (int pass = 0; pass < spec.steps().size(); pass++) {
      boolean changed = false;
      for (var e : next.entrySet())
        for (String to : e.getValue()) {
          int c = column.get(e.getKey()) + 1;
          if (column.getOrDefault(to, 0) < c) {
            column.put(to, c);
            changed = true;
          }
        }
      if (!changed) break;
    }
    Map<Integer, Integer> rows = new HashMap<>();
    Map<String, Node> byName = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    int width = 0;
    int height = 0;
    for (StepSpec s : spec.steps()) {
      int col = column.get(s.name());
      int row = rows.merge(col, 1, Integer::sum) - 1;
      Run run = runs.getOrDefault(s.name(), new Run("PENDING", ""));
      Node n =
          new Node(
              s.name(),
              run.state(),
              run.took(),
              MARGIN + col * (BOX_W + GAP_X),
              MARGIN + row * (BOX_H + GAP_Y));
      nodes.add(n);
      byName.put(s.name(), n);
      width = Math.max(width, n.x() + BOX_W + MARGIN);
      height = Math.max(height, n.y() + BOX_H + MARGIN);
    }
    List<Edge> edges = new ArrayList<>();
    for (StepSpec s : spec.steps()) {
      Node from = byName.get(s.name());
      for (String to : next.get(s.name())) {
        Node t = byName.get(to);
        if (t == null) continue;
        edges.add(
            new Edge(
                from.x() + BOX_W,
                from.y() + BOX_H / 2,
                t.x(),
                t.y() + BOX_H / 2,
                s.onFailure().contains(to) && !s.onSuccess().contains(to)));
      }
    }
    return new StepGraph(title, width, height, nodes, edges);
  }

  /** Text for screen readers: each step with its state. */
  public String description() {
    StringBuilder b = new StringBuilder(title).append(": ");
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) b.append(", ");
      b.append(nodes.get(i).name())
          .append(' ')
          .append(nodes.get(i).state().toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  public int boxWidth() {
    return BOX_W;
  }

  public int boxHeight() {
    return BOX_H;
  }
}

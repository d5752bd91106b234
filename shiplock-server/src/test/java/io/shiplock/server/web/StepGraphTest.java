package io.shiplock.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StepSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepGraphTest {
  private static StepSpec step(String name, List<String> ok, List<String> failed) {
    return new StepSpec(name, "shell", Map.of(), null, null, null, false, ok, failed, List.of());
  }

  private static StepGraph.Node node(StepGraph g, String name) {
    return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void everyEdgePointsRightAndParallelStepsShareAColumn() {
    // build → (test, scan) → publish; build fails → cleanup. publish is listed before its inputs.
    var spec =
        new ProcessSpec(
            "p",
            null,
            List.of(
                step("publish", List.of(), List.of()),
                step("build", List.of("test", "scan"), List.of("cleanup")),
                step("test", List.of("publish"), List.of()),
                step("scan", List.of("publish"), List.of()),
                step("cleanup", List.of(), List.of())));
    var g =
        StepGraph.of(
            "p",
            spec,
            Map.of(
                "build", new StepGraph.Run("SUCCEEDED", "12 ms"),
                "test", new StepGraph.Run("RUNNING", "")));
    assertThat(node(g, "build").x()).isLessThan(node(g, "test").x());
    assertThat(node(g, "test").x()).isEqualTo(node(g, "scan").x());
    assertThat(node(g, "test").y()).isNotEqualTo(node(g, "scan").y());
    assertThat(node(g, "publish").x()).isGreaterThan(node(g, "scan").x());
    for (var e : g.edges()) assertThat(e.x2()).isGreaterThan(e.x1());
    assertThat(g.edges()).hasSize(5).filteredOn(StepGraph.Edge::failure).hasSize(1);
    assertThat(node(g, "build").state()).isEqualTo("SUCCEEDED");
    assertThat(node(g, "scan").state()).isEqualTo("PENDING"); // not started: no row yet
    assertThat(g.width()).isGreaterThanOrEqualTo(node(g, "publish").x() + g.boxWidth());
    assertThat(g.description()).contains("build succeeded", "test running", "scan pending");
  }

  @Test
  void aSequenceIsOneRow() {
    var spec =
        new ProcessSpec(
            "seq",
            null,
            List.of(
                step("a", List.of(), List.of()),
                step("b", List.of(), List.of()),
                step("c", List.of(), List.of())));
    var g = StepGraph.of("seq", spec, Map.of());
    assertThat(g.nodes()).extracting(StepGraph.Node::y).containsOnly(g.nodes().get(0).y());
    assertThat(g.nodes()).extracting(StepGraph.Node::x).isSorted().doesNotHaveDuplicates();
    assertThat(g.edges()).hasSize(2);
  }

  @Test
  void streamPositionsSurviveAReconnectAndBadIdsStartOver() {
    var cursor = new LinkedHashMap<Long, long[]>();
    cursor.put(7L, new long[] {1, 42});
    cursor.put(9L, new long[] {2, 3});
    var back = RequestStream.parse(RequestStream.encode(cursor));
    assertThat(back).containsOnlyKeys(7L, 9L);
    assertThat(back.get(7L)).containsExactly(1, 42);
    assertThat(back.get(9L)).containsExactly(2, 3);
    assertThat(RequestStream.parse("7.1.x")).isEmpty();
    assertThat(RequestStream.parse(null)).isEmpty();
    assertThat(RequestStream.encode(new HashMap<>())).isEqualTo("0");
  }

  @Test
  void logTextIsEscapedOntoOneLine() {
    assertThat(RequestStream.logHtml("<script>&\"x\"\r\nnext"))
        .isEqualTo("&lt;script&gt;&amp;&quot;x&quot;&#10;next");
    assertThat(RequestStream.oneLine("<p>\na\r\n</p>")).isEqualTo("<p>&#10;a&#10;</p>");
  }
}

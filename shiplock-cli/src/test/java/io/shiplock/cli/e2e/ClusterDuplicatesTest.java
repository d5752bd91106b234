package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * About 2,000 fast shell steps of requests running side by side on four agents, through HAProxy in
 * round robin over three nodes, so an agent's polls and results land on every node: no step is
 * dispatched twice, none runs twice, every output line is logged once.
 */
class ClusterDuplicatesTest {
  private static final int AGENTS = 4;
  private static final int REQUESTS_PER_AGENT = 5;
  private static final int STEPS = 100;

  @TempDir Path dir;

  @Test
  void twoThousandStepsOverThreeNodesAreEachDispatchedOnce() throws Exception {
    try (Cluster cluster = Cluster.start(dir, 3, Cluster.Balance.ROUNDROBIN)) {
      Path lines = dir.resolve("lines");
      Cluster.createDirectories(lines);
      assertThat(cluster.front.apply("many.yaml", StepLines.fanOut(AGENTS, STEPS, lines))).isTrue();
      for (int a = 1; a <= AGENTS; a++) cluster.agent("w" + a);

      long t0 = System.nanoTime();
      List<Long> ids = new ArrayList<>();
      for (int r = 0; r < REQUESTS_PER_AGENT; r++)
        for (int a = 1; a <= AGENTS; a++)
          ids.add(StepLines.request(cluster.front, "Many", "E" + a));
      List<JsonNode> ended = new ArrayList<>();
      for (long id : ids) ended.add(StepLines.ended(cluster.front, id, Duration.ofMinutes(4)));
      long millis = (System.nanoTime() - t0) / 1_000_000;

      int steps = 0;
      List<Long> stepMillis = new ArrayList<>();
      for (JsonNode r : ended) {
        for (JsonNode st : StepLines.shellSteps(r))
          stepMillis.add(
              Duration.between(
                      Instant.parse(st.get("startedAt").asText()),
                      Instant.parse(st.get("finishedAt").asText()))
                  .toMillis());
        StepLines.assertRanOnce(
            cluster.front, r, lines.resolve(r.get("id").asText() + ".txt"), cluster.outputs());
        steps += StepLines.shellSteps(r).size();
      }
      assertThat(steps).isEqualTo(AGENTS * REQUESTS_PER_AGENT * STEPS);
      StringBuilder spread = new StringBuilder();
      for (Cluster.Node n : cluster.nodes) {
        long calls = Long.parseLong(cluster.stat(n, "stot"));
        spread.append(' ').append(n.name).append('=').append(calls);
        assertThat(calls).as("HAProxy sent %s its share", n.name).isGreaterThan(steps / 10);
      }
      Collections.sort(stepMillis);
      System.out.printf(
          "duplicates: %d steps in %d requests over 3 nodes in %d ms, 0 duplicate dispatches,"
              + " 0 re-runs; HTTP sessions per node:%s; dispatch to result per step: p50 %d ms,"
              + " p99 %d ms, max %d ms%n",
          steps,
          ids.size(),
          millis,
          spread,
          stepMillis.get(stepMillis.size() / 2),
          stepMillis.get(stepMillis.size() * 99 / 100),
          stepMillis.getLast());
    }
  }
}

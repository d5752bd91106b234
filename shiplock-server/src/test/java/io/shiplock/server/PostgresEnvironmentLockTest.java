package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostgresEnvironmentLockTest extends EnvironmentLockContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }

  /**
   * Two server nodes on one database, requests made through both at once: the environment's row
   * lock lets exactly one run, and a holder ended through one node starts the next made on the
   * other.
   */
  @Test
  void twoNodesNeverRunMoreThanTheLimitBetweenThem() throws Exception {
    configure(1);
    List<Long> ids = new ArrayList<>();
    try (TestServer other = new TestServer(server)) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<Long>> made = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          TestServer node = i % 2 == 0 ? server : other;
          Callable<Long> make = () -> request(node);
          made.add(pool.submit(make));
        }
        for (Future<Long> f : made) ids.add(f.get());
      } finally {
        pool.shutdownNow();
      }
      ids.sort(Long::compare);
      // The first to commit holds the place (not always the lowest id: two nodes write at once);
      // once all are made, the rest start oldest first, through either node.
      List<Long> order = new ArrayList<>(ids.stream().filter(this::isRunning).toList());
      assertThat(order).as("one runs").hasSize(1);
      ids.stream().filter(id -> !order.contains(id)).forEach(order::add);
      for (int done = 0; done < 6; done++) {
        long holder = order.get(done);
        assertThat(ids.stream().filter(this::isRunning))
            .as("one at a time, the oldest first")
            .containsExactly(holder);
        workOf(List.of());
        (done % 2 == 0 ? other : server).stepEnds(agent, stepOf(holder), "SUCCEEDED");
        if (done < 5) {
          long next = order.get(done + 1);
          await().atMost(Duration.ofSeconds(10)).until(() -> isRunning(next));
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> state(order.get(5)).equals("SUCCEEDED"));
    }
  }
}

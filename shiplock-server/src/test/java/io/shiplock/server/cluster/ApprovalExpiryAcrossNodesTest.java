package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one database each run the approval expiry: every node's timer, and here every node
 * at the same instant. An expired request fails once: one audit entry, one request-ended
 * notification, whichever node got there first.
 */
class ApprovalExpiryAcrossNodesTest {
  /** Shop, whose environment PROD waits for one release manager's approval, an hour at most. */
  static final String CONFIG =
      Cluster.gatedShop("{required: 1, approvers: [release-managers], expiresAfter: 1h}");

  private static final int REQUESTS = 6;

  @Test
  void anExpiredApprovalFailsItsRequestOnceThoughEveryNodeExpiresItAtOnce() throws Exception {
    try (HookReceiver hooks = new HookReceiver();
        Cluster cluster = new Cluster(3, Map.of("SHIPLOCK_WEBHOOK_URL", hooks.url()));
        ExecutorService threads = Executors.newFixedThreadPool(3)) {
      cluster.apply(CONFIG);
      TestServer a = cluster.node(0);
      String admin = a.adminToken();
      Cluster.version(a, admin, "Svc", "1.0");
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        long id = Cluster.request(cluster.node(i % 3), admin, "PROD", "1.0");
        assertThat(Cluster.detail(a, admin, id).get("state").asText())
            .isEqualTo("WAITING_APPROVAL");
        ids.add(id);
      }

      // An hour passes on every node's clock, and all three expire at the same instant.
      for (TestServer node : cluster.nodes()) node.clock().advance(Duration.ofMinutes(61));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> expiring = new ArrayList<>();
      for (TestServer node : cluster.nodes())
        expiring.add(
            threads.submit(
                () -> {
                  go.await();
                  node.server().engine().expireApprovals();
                  return null;
                }));
      go.countDown();
      for (Future<?> f : expiring) f.get();

      for (long id : ids) {
        var detail = Cluster.detail(cluster.node(2), admin, id);
        assertThat(detail.get("state").asText()).isEqualTo("FAILED");
        assertThat(detail.get("message").asText()).contains("approval expired");
        assertThat(Cluster.audit(a, admin, "approval.expired", "request " + id))
            .as("approval.expired entries of request %d", id)
            .hasSize(1);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ids.stream().allMatch(id -> !hooks.about("request.ended", id).isEmpty()));
      cluster.stop(); // each node sends what it queued before it stops
      for (long id : ids)
        assertThat(hooks.about("request.ended", id))
            .as("request.ended notifications of request %d", id)
            .hasSize(1);
    }
  }
}

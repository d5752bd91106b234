package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeHeartbeatTest {
  @Test
  void theIntervalIsFiveSecondsUnlessTheEnvironmentSetsIt() {
    assertThat(NodeHeartbeat.interval(Map.of())).isEqualTo(Duration.ofSeconds(5));
    assertThat(NodeHeartbeat.interval(Map.of("SHIPLOCK_HEARTBEAT_MS", "250")))
        .isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> NodeHeartbeat.interval(Map.of("SHIPLOCK_HEARTBEAT_MS", "5s")))
        .hasMessage(
            "SHIPLOCK_HEARTBEAT_MS must be a number of milliseconds of at least 10, not '5s'");
  }
}

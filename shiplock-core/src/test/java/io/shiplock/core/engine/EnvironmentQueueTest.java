package io.shiplock.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentQueueTest {
  @Test
  void withoutALimitEveryRequestStarts() {
    assertThat(EnvironmentQueue.waitsFor(0, List.of(1L, 2L), List.of(3L), 3)).isEmpty();
  }

  @Test
  void aRequestWaitsForTheOldestRunningOne() {
    assertThat(EnvironmentQueue.waitsFor(1, List.of(7L), List.of(9L), 9)).contains(7L);
    assertThat(EnvironmentQueue.waitsFor(2, List.of(8L, 7L), List.of(9L), 9)).contains(7L);
  }

  @Test
  void aFreePlaceGoesToTheOldestQueuedRequest() {
    assertThat(EnvironmentQueue.waitsFor(1, List.of(), List.of(4L, 5L), 4)).isEmpty();
    assertThat(EnvironmentQueue.waitsFor(1, List.of(), List.of(5L, 4L), 5))
        .as("an older queued request goes first")
        .contains(4L);
    assertThat(EnvironmentQueue.waitsFor(2, List.of(), List.of(4L, 5L, 6L), 5)).isEmpty();
    assertThat(EnvironmentQueue.waitsFor(2, List.of(), List.of(4L, 5L, 6L), 6)).contains(4L);
    assertThat(EnvironmentQueue.waitsFor(2, List.of(3L), List.of(4L, 5L), 4)).isEmpty();
    assertThat(EnvironmentQueue.waitsFor(2, List.of(3L), List.of(4L, 5L), 5)).contains(3L);
  }
}

package io.shiplock.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A long poll looks for work, finds none and waits: work queued between the look and the wait wakes
 * it at once instead of leaving it for the next poll (5 s later). Across nodes, under load, that
 * window was hit often enough to make 2,000 steps take three times as long.
 */
class AgentHubTest {
  @Test
  void aWakeUpBetweenTheLookAndTheWaitIsNotLost() throws InterruptedException {
    AgentHub hub = new AgentHub();
    long seen = hub.wakeups(7); // the poll, before it looks for work
    hub.wake(List.of(7L)); // work queued (on this node or another) after the look found nothing
    long t0 = System.nanoTime();
    assertThat(hub.awaitUntil(7, seen, t0 + 10_000_000_000L)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aPollWithNothingNewWaitsUntilWokenAndOnlyItsOwnAgentWakesIt() throws InterruptedException {
    AgentHub hub = new AgentHub();
    long seen = hub.wakeups(7);
    hub.wake(List.of(8L)); // another agent's work
    long t0 = System.nanoTime(); // before the waker starts: its 300 ms begin after this
    Thread waker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(300);
                  } catch (InterruptedException e) {
                    return;
                  }
                  hub.wake(List.of(7L));
                });
    assertThat(hub.awaitUntil(7, seen, t0 + 10_000_000_000L)).isTrue();
    Duration waited = Duration.ofNanos(System.nanoTime() - t0);
    waker.join();
    assertThat(waited)
        .isGreaterThanOrEqualTo(Duration.ofMillis(250))
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void withoutAWakeUpItReturnsFalseOnlyOnceTheDeadlinePassed() throws InterruptedException {
    // An idle poll then answers empty without looking again: it must not come back early (a wait
    // rounded down to milliseconds, a spurious return) and look a second time.
    AgentHub hub = new AgentHub();
    long seen = hub.wakeups(7);
    hub.wake(List.of(8L));
    for (int i = 0; i < 20; i++) {
      long deadline = System.nanoTime() + 7_300_000 + i * 37_000L; // not whole milliseconds
      assertThat(hub.awaitUntil(7, seen, deadline)).isFalse();
      assertThat(System.nanoTime()).isGreaterThanOrEqualTo(deadline);
    }
  }

  @Test
  void aWakeUpOfEveryPollEndsTheWaitAsWoken() throws InterruptedException {
    // A stopping node wakes every poll (wakeAll): each looks again and answers that it drains.
    AgentHub hub = new AgentHub();
    long seen = hub.wakeups(7);
    hub.wakeAll();
    assertThat(hub.awaitUntil(7, seen, System.nanoTime() + 10_000_000_000L)).isTrue();
  }
}

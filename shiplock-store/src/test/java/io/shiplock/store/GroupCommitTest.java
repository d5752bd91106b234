package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.store.AuditRepository.Event;
import io.shiplock.core.store.Repositories;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes that queue while another commits are committed together on SQLite (one writer); on every
 * store each write is still its own: a write that fails leaves nothing and fails alone, and every
 * write that returned is there.
 */
class GroupCommitTest {
  private static final int QUEUED = 20;
  private static final int FAILING = 7;
  private static final int FAILING_HARD = 11; // an Error, not an exception

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2", "postgresql"})
  void aWriteThatFailsInAGroupFailsAloneAndTheOthersCommit(String dialect) throws Exception {
    try (JdbcStore store = JdbcStore.open(TestDatabases.of(dialect));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch release = new CountDownLatch(1);
      Future<?> first = holdTheWriter(threads, store::write, "first", release);
      GroupCommit.Counts before = store.groupCommit().map(GroupCommit::counts).orElse(null);
      List<Future<String>> queued = new ArrayList<>();
      for (int i = 0; i < QUEUED; i++) {
        String name = "w" + i;
        boolean fails = i == FAILING;
        boolean failsHard = i == FAILING_HARD;
        queued.add(
            threads.submit(
                () ->
                    store.write(
                        r -> {
                          append(r, name);
                          if (fails) throw new IllegalStateException("refused " + name);
                          if (failsHard) throw new AssertionError("broke " + name);
                          return name;
                        })));
      }
      // On SQLite they wait for the writer; elsewhere they may run beside the first.
      store
          .groupCommit()
          .ifPresent(
              g ->
                  Awaitility.await()
                      .atMost(10, TimeUnit.SECONDS)
                      .until(() -> g.queued() == QUEUED));
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      List<String> expected = new ArrayList<>(List.of("first"));
      for (int i = 0; i < QUEUED; i++) {
        Future<String> f = queued.get(i);
        if (i == FAILING) {
          assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .hasRootCauseMessage("refused w" + FAILING);
        } else if (i == FAILING_HARD) {
          assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .cause()
              .isInstanceOf(AssertionError.class)
              .hasMessage("broke w" + FAILING_HARD);
        } else {
          assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("w" + i);
          expected.add("w" + i);
        }
      }
      List<String> stored =
          store.read(r -> r.audit().list(null, null, null, 100)).stream()
              .map(Event::target)
              .toList();
      assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
      if (before != null) {
        GroupCommit.Counts after = store.groupCommit().orElseThrow().counts();
        // The twenty that queued behind the first went in one transaction.
        assertThat(after.transactions() - before.transactions()).isEqualTo(1);
        assertThat(after.writes() - before.writes()).isEqualTo(QUEUED);
      }
    }
  }

  @Test
  void aWriteThatWaitedTooLongForTheWriterFailsAndWritesNothing() throws Exception {
    try (JdbcStore store = JdbcStore.open(TestDatabases.sqlite());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      GroupCommit writer = new GroupCommit(store.writeJdbi(), Duration.ofMillis(300));
      CountDownLatch release = new CountDownLatch(1);
      Future<?> first = holdTheWriter(threads, writer::write, "first", release);
      assertThatThrownBy(() -> writer.write(r -> append(r, "late")))
          .hasMessageContaining("busy for 0 s; nothing was written");
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertThat(events(store)).extracting(Event::target).containsExactly("first");
    }
  }

  @Test
  void anInterruptOfTheLeaderStaysItsOwnAndReachesNoOtherWrite() throws Exception {
    try (JdbcStore store = JdbcStore.open(TestDatabases.sqlite());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch release = new CountDownLatch(1);
      Future<?> first = holdTheWriter(threads, store::write, null, release);
      List<Boolean> sawInterrupt = new CopyOnWriteArrayList<>();
      AtomicBoolean interruptedAfter = new AtomicBoolean();
      Thread interrupted =
          Thread.ofVirtual()
              .start(
                  () -> {
                    store.write(
                        r -> {
                          sawInterrupt.add(Thread.currentThread().isInterrupted());
                          return append(r, "interrupted");
                        });
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                  });
      GroupCommit g = store.groupCommit().orElseThrow();
      // Interrupted while it waits, before the others queue: it waits again first in line, so it
      // is the one woken first to lead the group.
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> g.queued() == 1);
      interrupted.interrupt();
      // It has taken the interrupt (its flag is cleared by the wait it ended) and waits again.
      Awaitility.await()
          .atMost(10, TimeUnit.SECONDS)
          .until(
              () ->
                  !interrupted.isInterrupted()
                      && interrupted.getState() == Thread.State.TIMED_WAITING);
      List<Future<?>> others = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = "other" + i;
        others.add(
            threads.submit(
                () ->
                    store.write(
                        r -> {
                          sawInterrupt.add(Thread.currentThread().isInterrupted());
                          return append(r, name);
                        })));
      }
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> g.queued() == 6);
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      interrupted.join(10_000);
      for (Future<?> f : others) f.get(10, TimeUnit.SECONDS);
      // Whoever led the group, no write ran with the flag set, and the caller keeps it.
      assertThat(sawInterrupt).hasSize(6).containsOnly(false);
      assertThat(interruptedAfter).isTrue();
      assertThat(events(store)).hasSize(6);
    }
  }

  @Test
  void aWriteInsideAWriteIsRefusedInsteadOfWaitingForItself() {
    try (JdbcStore store = JdbcStore.open(TestDatabases.sqlite())) {
      assertThatThrownBy(() -> store.write(r -> store.write(inner -> append(inner, "nested"))))
          .hasMessageContaining("a write inside a write");
      assertThat(events(store)).isEmpty();
      // The writer is free again.
      store.write(r -> append(r, "after"));
      assertThat(events(store)).hasSize(1);
    }
  }

  /**
   * A write that holds the writer (writing {@code target} first, if any) until {@code release};
   * returns once it holds it.
   */
  private static Future<?> holdTheWriter(
      ExecutorService threads,
      Function<Function<Repositories, Void>, Void> write,
      String target,
      CountDownLatch release)
      throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    Future<?> held =
        threads.submit(
            () ->
                write.apply(
                    r -> {
                      if (target != null) append(r, target);
                      holding.countDown();
                      await(release);
                      return null;
                    }));
    holding.await();
    return held;
  }

  private static List<Event> events(JdbcStore store) {
    return store.read(r -> r.audit().list(null, null, null, 10));
  }

  private static Void append(Repositories r, String target) {
    r.audit().append(Event.of("test", "test.write", target, "success", null), Instant.now());
    return null;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

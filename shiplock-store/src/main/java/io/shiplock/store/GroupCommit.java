package io.shiplock.store;

import io.shiplock.core.store.Repositories;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit for SQLite's one writer: writes that queue while a transaction commits are run
 * together in the next transaction, each inside a savepoint of its own, and committed with one disk
 * sync. A write returns only after the commit that holds it, so what a caller was told is on disk
 * is on disk, as with one transaction per write; a write that fails rolls back to its savepoint and
 * fails alone.
 *
 * <p>Why: every commit syncs the write-ahead log (synchronous=FULL), and one connection serializes
 * the syncs. With 500 agents reporting results the sync was about a third of the writer's time
 * (bench/dispatch.sh: 40,900 completions per minute without the sync against 28,000–30,000 with it,
 * issue 18). PostgreSQL and H2 have writers side by side and commit on their own.
 *
 * <p>No thread of its own: the first writer to find the writer idle leads, runs what is queued (its
 * own write with it), commits, and wakes the others, whose writes are then done; one of them leads
 * the next group. A write alone runs at once, as before, with no savepoint.
 */
final class GroupCommit {
  private final Jdbi jdbi;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final List<Write<?>> queued = new ArrayList<>();
  private boolean leading;
  private long transactions;
  private long writes;

  /** A thread that leads a group may not write again inside it: it would wait for itself. */
  private static final ThreadLocal<Boolean> IN_GROUP = ThreadLocal.withInitial(() -> false);

  /** Most writes one transaction holds: a bound on how long the first of them waits. */
  static final int MAX_GROUP = 256;

  /**
   * How long a write may wait for the writer before it starts; as long as the connection pool let
   * it wait before. A write that has started is waited for to its end: it may commit.
   */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Duration wait;

  GroupCommit(Jdbi jdbi) {
    this(jdbi, WAIT);
  }

  GroupCommit(Jdbi jdbi, Duration wait) {
    this.jdbi = jdbi;
    this.wait = wait;
  }

  <T> T write(Function<Repositories, T> work) {
    if (IN_GROUP.get())
      throw new IllegalStateException("a write inside a write would wait for itself");
    // Interrupts are kept for the caller (the pool's wait kept them too), never acted on here: a
    // leader runs others' writes, and an interrupt meant for it (a stopping timer, say) must not
    // fail their steps.
    boolean interrupted = Thread.interrupted();
    try {
      return writeUninterrupted(new Write<>(work));
    } finally {
      if (interrupted || Thread.interrupted()) Thread.currentThread().interrupt();
    }
  }

  private <T> T writeUninterrupted(Write<T> mine) {
    List<Write<?>> group = new ArrayList<>();
    boolean interrupted = false;
    lock.lock();
    try {
      queued.add(mine);
      long deadline = System.nanoTime() + wait.toNanos();
      while (leading && !mine.done) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          if (queued.remove(mine))
            throw new IllegalStateException(
                "the store's writer was busy for " + wait.toSeconds() + " s; nothing was written");
          // Taken by a group that runs: it may commit, so it is waited for to its end.
          deadline = System.nanoTime() + wait.toNanos();
          continue;
        }
        try {
          idle.awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (mine.done) return mine.outcome();
      leading = true;
      // The leader's own write first, then the oldest that queued, up to the bound.
      queued.remove(mine);
      group.add(mine);
      while (group.size() < MAX_GROUP && !queued.isEmpty()) group.add(queued.remove(0));
      transactions++;
      writes += group.size();
    } finally {
      lock.unlock();
      if (interrupted) Thread.currentThread().interrupt();
    }
    boolean flagged = Thread.interrupted();
    try {
      IN_GROUP.set(true);
      run(group);
    } finally {
      IN_GROUP.set(false);
      if (flagged) Thread.currentThread().interrupt();
      lock.lock();
      try {
        leading = false;
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
    return mine.outcome();
  }

  /** Writes waiting for a transaction (for tests: to know a group has formed). */
  int queued() {
    lock.lock();
    try {
      return queued.size();
    } finally {
      lock.unlock();
    }
  }

  /** Transactions begun and the writes they held, since the store opened. */
  record Counts(long transactions, long writes) {}

  Counts counts() {
    lock.lock();
    try {
      return new Counts(transactions, writes);
    } finally {
      lock.unlock();
    }
  }

  /** Runs a group in one transaction; every write of it is done when this returns. */
  private void run(List<Write<?>> group) {
    try {
      if (group.size() == 1) {
        Write<?> only = group.get(0);
        // Alone: no savepoint; a failure rolls the whole transaction back, as before.
        try {
          only.succeed(jdbi.inTransaction(h -> only.work.apply(new JdbiRepositories(h))));
        } catch (Throwable e) { // the caller gets it, whatever it is
          only.fail(e);
        }
        return;
      }
      jdbi.useTransaction(
          h -> {
            for (int i = 0; i < group.size(); i++) runSaved(h, "w" + i, group.get(i));
          });
      for (Write<?> w : group) w.committed();
    } catch (Throwable e) { // each write of the group must end, whatever ended it
      // The commit (or a savepoint the database dropped with its transaction) failed: nothing of
      // the group is on disk, and each write says so.
      for (Write<?> w : group) w.failUnlessDone(e);
    }
  }

  private static void runSaved(Handle h, String savepoint, Write<?> w) {
    // Plain SQL (SQLite's): Jdbi forgets a savepoint it rolled back to, which SQLite keeps.
    h.execute("SAVEPOINT " + savepoint);
    try {
      w.ran(w.work.apply(new JdbiRepositories(h)));
    } catch (Throwable e) { // an Error of one write is that write's alone
      w.fail(e);
      try {
        h.execute("ROLLBACK TO " + savepoint);
      } catch (RuntimeException lost) {
        // The database ended the whole transaction with the error: the group fails with it.
        lost.addSuppressed(e);
        throw lost;
      }
    }
    h.execute("RELEASE " + savepoint);
  }

  /** One caller's write: its work, then its result or failure once its group is done. */
  private static final class Write<T> {
    final Function<Repositories, T> work;
    private Object value;
    private Throwable failure;
    private boolean ran;
    volatile boolean done;

    Write(Function<Repositories, T> work) {
      this.work = work;
    }

    void ran(Object v) {
      value = v;
      ran = true;
    }

    void succeed(Object v) {
      value = v;
      done = true;
    }

    void committed() {
      if (ran) done = true;
    }

    void fail(Throwable e) {
      failure = e;
      done = true;
    }

    void failUnlessDone(Throwable e) {
      if (done && failure != null) return;
      failure = new IllegalStateException("the transaction that held this write failed", e);
      done = true;
    }

    @SuppressWarnings("unchecked") // the value came from this write's own work
    T outcome() {
      if (!done) throw new IllegalStateException("a write was left unfinished by its group");
      if (failure instanceof RuntimeException re) throw re;
      if (failure instanceof Error err) throw err;
      if (failure != null) throw new IllegalStateException(failure);
      return (T) value;
    }
  }
}

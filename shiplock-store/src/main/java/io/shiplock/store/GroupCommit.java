package io.shiplock.store;

import io.shiplock.core.store.Repositories;
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

  GroupCommit(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  <T> T write(Function<Repositories, T> work) {
    if (IN_GROUP.get())
      throw new IllegalStateException("a write inside a write would wait for itself");
    Write<T> mine = new Write<>(work);
    List<Write<?>> group;
    lock.lock();
    try {
      queued.add(mine);
      while (leading && !mine.done) idle.awaitUninterruptibly();
      if (mine.done) return mine.outcome();
      leading = true;
      group = new ArrayList<>(queued);
      queued.clear();
      transactions++;
      writes += group.size();
    } finally {
      lock.unlock();
    }
    try {
      IN_GROUP.set(true);
      run(group);
    } finally {
      IN_GROUP.set(false);
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

  /** Transactions begun and writes they held, since the store opened. */
  long[] transactionsAndWrites() {
    lock.lock();
    try {
      return new long[] {transactions, writes};
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
        } catch (RuntimeException e) {
          only.fail(e);
        }
        return;
      }
      jdbi.useTransaction(
          h -> {
            for (int i = 0; i < group.size(); i++) runSaved(h, "w" + i, group.get(i));
          });
      for (Write<?> w : group) w.committed();
    } catch (RuntimeException | Error e) {
      // The commit (or a savepoint the database dropped with its transaction) failed: nothing of
      // the group is on disk, and each write says so.
      for (Write<?> w : group) w.failUnlessDone(e);
      if (e instanceof Error err) throw err;
    }
  }

  private static void runSaved(Handle h, String savepoint, Write<?> w) {
    // Plain SQL (SQLite's): Jdbi forgets a savepoint it rolled back to, which SQLite keeps.
    h.execute("SAVEPOINT " + savepoint);
    try {
      w.ran(w.work.apply(new JdbiRepositories(h)));
    } catch (RuntimeException e) {
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
    private RuntimeException failure;
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

    void fail(RuntimeException e) {
      failure = e;
      done = true;
    }

    void failUnlessDone(Throwable e) {
      if (done && failure != null) return;
      failure =
          e instanceof RuntimeException re
              ? re
              : new IllegalStateException("the transaction of this write failed", e);
      done = true;
    }

    @SuppressWarnings("unchecked") // the value came from this write's own work
    T outcome() {
      if (failure != null) throw failure;
      return (T) value;
    }
  }
}

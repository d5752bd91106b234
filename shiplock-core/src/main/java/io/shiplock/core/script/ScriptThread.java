package io.shiplock.core.script;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.mozilla.javascript.RhinoException;

/**
 * Runs one script evaluation on a thread of its own, so that nothing the script does reaches the
 * caller's thread (an engine handler, the timer thread, start-up recovery, an agent's step): every
 * {@link Throwable} becomes a {@link Failed} with a message, and at the deadline the caller stops
 * waiting, interrupts the worker and leaves it. A worker caught inside one long built-in call
 * (Rhino's own regex engine has no interruption point) is left at minimum priority; while {@link
 * #MAX_RUNAWAYS} such workers are still alive, new evaluations are refused rather than piling up.
 */
final class ScriptThread {
  /** Left-behind workers allowed at once before evaluations are refused. */
  static final int MAX_RUNAWAYS = 4;

  /** A fixed stack, whatever -Xss the process has, so deep nesting fails the same everywhere. */
  private static final long STACK_BYTES = 2L << 20;

  private static final AtomicInteger RUNAWAYS = new AtomicInteger();
  private static final AtomicLong IDS = new AtomicLong();

  /** The evaluation did not produce a value; the message says why. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  private ScriptThread() {}

  // An abandoned runaway (a JavaScript regex cannot be interrupted) is lowered to the least
  // priority so that it yields to live work: a hint, not a guarantee, and documented as such.
  @SuppressWarnings("ThreadPriorityCheck")
  static <T> T run(ScriptLimits limits, Function<ScriptBudget, T> body) throws Failed {
    if (RUNAWAYS.get() >= MAX_RUNAWAYS)
      throw new Failed(
          RUNAWAYS.get()
              + " scripts that overran their time limit are still running; try again later");
    long deadline = System.nanoTime() + limits.time().toNanos();
    CompletableFuture<T> result = new CompletableFuture<>();
    ScriptBudget[] budget = new ScriptBudget[1];
    AtomicInteger state = new AtomicInteger(); // 0 running, 1 done, 2 abandoned
    Thread worker =
        new Thread(
            null,
            () -> {
              try {
                ScriptBudget b = new ScriptBudget(limits, deadline);
                synchronized (budget) {
                  budget[0] = b;
                }
                result.complete(body.apply(b));
              } catch (Throwable t) { // the worker is ours: whatever the script caused ends here
                result.completeExceptionally(t);
              } finally {
                if (!state.compareAndSet(0, 1)) RUNAWAYS.decrementAndGet();
              }
            },
            "shiplock-script-" + IDS.incrementAndGet(),
            STACK_BYTES);
    worker.setDaemon(true);
    worker.start();
    try {
      // A little slack past the deadline: the script itself stops at its next check and says so.
      return result.get(limits.time().toMillis() + 250, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (state.compareAndSet(0, 2)) {
        RUNAWAYS.incrementAndGet();
        synchronized (budget) {
          if (budget[0] != null) budget[0].abandon();
        }
        worker.setPriority(Thread.MIN_PRIORITY);
        worker.interrupt();
      }
      throw new Failed(
          "the script ran longer than its time limit (" + limits.time().toMillis() + " ms)");
    } catch (ExecutionException e) {
      throw new Failed(describe(e.getCause()));
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw new Failed("interrupted while the script ran");
    }
  }

  /** A message for what the script caused, naming the Java error when it was not the script's. */
  static String describe(Throwable t) {
    if (t instanceof Sandbox.LimitReached) return t.getMessage();
    if (t instanceof RhinoException r) return r.getMessage();
    // The sandbox's own host objects (scanner, properties) refuse bad use this way.
    if (t instanceof IllegalStateException) return t.getMessage();
    if (t instanceof StackOverflowError)
      return "the script nested too deeply (stack overflow in the script engine)";
    if (t instanceof OutOfMemoryError)
      return "the script ran out of memory (" + t.getMessage() + ")";
    return "the script engine failed: " + t;
  }
}

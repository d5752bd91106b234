package io.shiplock.core.script;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.mozilla.javascript.Context;

/**
 * What one evaluation may still spend: its deadline and the bytes its own thread may allocate.
 * Memory is counted per evaluation (the worker thread's allocations, garbage included) rather than
 * as the whole JVM's heap, so other work in the same process neither trips a script's limit nor
 * hides its use. Garbage counting makes the figure an upper bound of what the script can hold.
 */
final class ScriptBudget {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  final ScriptLimits limits;
  private final long deadlineNanos;
  private final long baseline;

  /** Bytes the sandbox itself allocated on the script's behalf (reading output): not charged. */
  private long exempt;

  private volatile boolean abandoned;

  ScriptBudget(ScriptLimits limits, long deadlineNanos) {
    this.limits = limits;
    this.deadlineNanos = deadlineNanos;
    this.baseline = allocated();
  }

  /** The budget of the script running on this thread, or null outside a script. */
  static ScriptBudget current() {
    Context cx = Context.getCurrentContext();
    return cx == null ? null : (ScriptBudget) cx.getThreadLocal(ScriptBudget.class);
  }

  static long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /** The caller gave up on this evaluation: stop at the next check. */
  void abandon() {
    abandoned = true;
  }

  void exempt(long bytes) {
    exempt += bytes;
  }

  /** The most characters one string may have: half the memory limit (two bytes a char). */
  long maxChars() {
    return limits.memoryBytes() / 2;
  }

  /** Throws {@link Sandbox.LimitReached} when time or memory ran out. */
  void check() {
    if (abandoned || Thread.currentThread().isInterrupted() || System.nanoTime() > deadlineNanos)
      throw new Sandbox.LimitReached(
          "the script ran longer than its time limit (" + limits.time().toMillis() + " ms)");
    if (allocated() - baseline - exempt > limits.memoryBytes())
      throw new Sandbox.LimitReached(
          "the script allocated more memory than its limit ("
              + (limits.memoryBytes() >> 20)
              + " MiB)");
  }

  /** Refuses a string of {@code chars} characters before anything allocates it. */
  void checkSize(double chars, String what) {
    if (chars > maxChars())
      throw new Sandbox.LimitReached(
          what
              + " would make a string of "
              + (long) chars
              + " characters, more than the limit of "
              + maxChars());
  }
}

package io.shiplock.server.api;

import io.javalin.http.Handler;
import java.time.Duration;

/** How many requests the server is serving now, for a graceful stop to wait for. */
final class InFlight {
  private int count;

  Handler counting(Handler h) {
    return ctx -> {
      enter();
      try {
        h.handle(ctx);
      } finally {
        leave();
      }
    };
  }

  private synchronized void enter() {
    count++;
  }

  private synchronized void leave() {
    if (--count == 0) notifyAll();
  }

  /** True when none was in flight within {@code limit}. */
  synchronized boolean awaitNone(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (count > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}

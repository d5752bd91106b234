package io.shiplock.server.web;

import io.javalin.http.sse.SseClient;
import java.time.Duration;

/**
 * The loop of a page's event stream: one step every {@code poll} until the step says it is done or
 * the browser leaves; a comment when quiet so a closed page is noticed; an end after {@link
 * #MAX_LIFE}, after which the browser reconnects by itself.
 */
final class EventLoop {
  /** A quiet stream sends a comment this often. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  /** Streams end after this; the browser reconnects where it was. */
  static final Duration MAX_LIFE = Duration.ofMinutes(30);

  /** One look at the store; returns whether it sent anything and whether to go on. */
  interface Step {
    Result next();
  }

  record Result(boolean sent, boolean more) {}

  private EventLoop() {}

  static void run(SseClient client, Duration poll, Step step) {
    long started = System.nanoTime();
    long lastSent = started;
    try {
      while (!client.terminated()) {
        Result r = step.next();
        long now = System.nanoTime();
        if (r.sent()) lastSent = now;
        if (!r.more() || now - started > MAX_LIFE.toNanos()) break;
        if (now - lastSent > KEEP_ALIVE.toNanos()) {
          client.sendComment("still here");
          lastSent = now;
        }
        Thread.sleep(poll);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }
}

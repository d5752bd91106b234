package io.shiplock.server.web;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of a page's event stream: one step every {@code poll} until the step says it is done or
 * the browser leaves; a comment when quiet so a closed page is noticed; an end after {@link
 * #MAX_LIFE}, after which the browser reconnects by itself.
 */
final class EventLoop {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

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
    try {
      loop(client, poll, step);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The stream or the store went away under it (the server is stopping, its database is
      // away, the connection is gone): the stream ends and the browser reconnects, to this node
      // or another, where it was (Last-Event-ID). Thrown on, it reached an exception handler
      // whose request was already recycled, which failed again and again.
      LOG.debug("event stream ends: {}", e.toString());
    } finally {
      try {
        client.close();
      } catch (RuntimeException e) {
        LOG.debug("event stream closed already: {}", e.toString());
      }
    }
  }

  private static void loop(SseClient client, Duration poll, Step step) throws InterruptedException {
    long started = System.nanoTime();
    long lastSent = started;
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
  }
}

package io.shiplock.server.sources;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each source with a poll interval once per interval (a daemon thread that looks every half
 * second). An unreachable repository is an error on the source's state, retried next time.
 */
public final class SourcePoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

  /** How long a node may poll one source before another may take it over (a long clone). */
  static final Duration LEASE = Duration.ofMinutes(5);

  /** This node, as the holder of its leases. */
  private final String holder = UUID.randomUUID().toString();

  private final Thread thread;
  private volatile boolean running = true;

  private SourcePoller(Store store, GitImporter importer, Clock clock) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("shiplock-source-poller")
            .unstarted(() -> loop(store, importer, clock));
  }

  public static SourcePoller start(Store store, GitImporter importer, Clock clock) {
    SourcePoller p = new SourcePoller(store, importer, clock);
    p.thread.start();
    return p;
  }

  private void loop(Store store, GitImporter importer, Clock clock) {
    while (running) {
      try {
        for (var o : store.read(r -> r.config().list(Kind.SOURCE))) {
          SourceSpec s = (SourceSpec) o;
          if (s.pollInterval() == null || s.pollInterval().isZero()) continue;
          Instant now = clock.instant();
          // Due, and no other node polling it: this node takes the lease (one node per source).
          boolean mine =
              store.write(
                  r ->
                      r.sources()
                          .leasePoll(
                              s.name(), holder, now, now.plus(LEASE), now.minus(s.pollInterval())));
          if (!mine) continue;
          try {
            importer.importNow(s);
          } catch (GitImporter.ImportFailed e) {
            LOG.warn("{}", e.getMessage());
          } finally {
            store.write(
                r -> {
                  r.sources().releasePoll(s.name(), holder);
                  return null;
                });
          }
        }
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) return;
        LOG.warn("source poller: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      // The poll under way ends (and gives its lease back) before the store closes.
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.shiplock.server.sources;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each source with a poll interval once per interval (a daemon thread that looks every half
 * second). An unreachable repository is an error on the source's state, retried next time.
 */
public final class SourcePoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

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
          Instant last =
              store.read(r -> r.sources().state(s.name())).map(x -> x.lastCheckedAt()).orElse(null);
          if (last != null && last.plus(s.pollInterval()).isAfter(clock.instant())) continue;
          try {
            importer.importNow(s);
          } catch (GitImporter.ImportFailed e) {
            LOG.warn("{}", e.getMessage());
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
  }
}

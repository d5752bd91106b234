package io.shiplock.agent;

import io.shiplock.core.wire.WorkItem;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Shiplock agent: connects out to the server (it never listens), says hello, then long-polls for
 * work; each poll is its heartbeat. Steps run in parallel on virtual threads; a lost connection is
 * retried with backoff while steps go on and keep their output and results until they are taken.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  public static final String VERSION = "0.1.0";

  private final AgentSettings settings;
  private final ServerClient client;
  private final String instance = UUID.randomUUID().toString();
  private final Map<Long, StepRunner> running = new ConcurrentHashMap<>();

  /** The (step, attempt)s this process started, the latest few thousand: each runs once. */
  private final Set<String> taken =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 4096;
                }
              }));

  private volatile boolean stopped;
  private Thread loop;

  public Agent(AgentSettings settings) {
    this.settings = settings;
    this.client = new ServerClient(settings.servers(), settings.token(), settings.trust());
  }

  /** Starts the poll loop in the background. */
  public Agent start() {
    // Scripts of steps that an earlier agent was running when it died may hold secure values.
    ShellStep.removeLeftoverScripts(settings.workDir());
    loop = Thread.ofPlatform().name("shiplock-agent").start(this::run);
    return this;
  }

  public void join() throws InterruptedException {
    loop.join();
  }

  private void run() {
    long backoff = 500;
    boolean greeted = false;
    while (!stopped) {
      try {
        if (!greeted) {
          String host = InetAddress.getLocalHost().getHostName();
          Map<String, Object> hello =
              client.call(
                  "POST",
                  "/api/v1/agent/hello",
                  Map.of(
                      "host",
                      host,
                      "version",
                      VERSION,
                      "instance",
                      instance,
                      "steps",
                      List.copyOf(StepRunner.stepTypes())),
                  Duration.ofSeconds(10));
          LOG.info("connected to {} as agent '{}'", client.server(), hello.get("agent"));
          greeted = true;
        }
        String ids =
            running.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<String, Object> answer =
            client.call(
                "GET",
                "/api/v1/agent/work?wait=5" + (ids.isEmpty() ? "" : "&running=" + ids),
                null,
                Duration.ofSeconds(40));
        backoff = 500;
        for (Object id : list(answer.get("cancel"))) {
          StepRunner r = running.get(((Number) id).longValue());
          if (r != null) r.cancel();
        }
        take(list(answer.get("work")));
      } catch (ServerClient.Refused e) {
        LOG.error("the server refused this agent: {} (HTTP {})", e.getMessage(), e.status);
        if (e.status == 401) {
          stopped = true; // a revoked or unknown token will not heal by retrying
          return;
        }
        sleep(backoff);
        backoff = Math.min(4_000, backoff * 2);
      } catch (ServerClient.Untrusted e) {
        if (stopped) return;
        greeted = false;
        LOG.error("{}; retrying in {} ms", e.getMessage(), backoff);
        sleep(backoff);
        backoff = Math.min(4_000, backoff * 2);
      } catch (IOException e) {
        if (stopped) return; // closing: the server may be gone already
        greeted = false; // say hello again: the server may have restarted
        LOG.warn("server unreachable ({}); retrying in {} ms", e.toString(), backoff);
        sleep(backoff);
        backoff = Math.min(4_000, backoff * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Starts the steps of work items, from a poll's answer or a result's. The same item can come
   * twice: a poll that began before a result's answer handed it over is offered it again, and may
   * answer after the step ended; each (step, attempt) runs once in this process.
   */
  private void take(List<?> items) {
    // A result answered while the agent closes: the work it hands over never starts here. The
    // server fails it as it fails every step of an agent that is lost or restarts.
    if (stopped) return;
    for (Object item : items) {
      WorkItem work;
      try {
        if (!(item instanceof Map<?, ?> m))
          throw new IllegalArgumentException("work item: " + item + " is not an object");
        work = WorkItem.fromMap(m);
      } catch (IllegalArgumentException e) {
        unreadable(item, e);
        continue;
      }
      if (!taken.add(work.stepId() + "/" + work.attempt())) continue;
      StepRunner r = new StepRunner(client, work, settings.workDir(), this::take);
      running.put(r.stepId(), r);
      Thread.ofVirtual()
          .name("step-" + r.stepId())
          .start(
              () -> {
                try {
                  r.run();
                } finally {
                  running.remove(r.stepId());
                }
              });
    }
  }

  private static List<?> list(Object v) {
    return v instanceof List<?> l ? l : List.of();
  }

  /**
   * A work item this agent cannot read (a server of another version) fails its step with the
   * reason, when it at least names its step and attempt; left alone, the server would offer it on
   * every poll and the step would never end.
   */
  private void unreadable(Object item, IllegalArgumentException e) {
    LOG.error("cannot run a work item from the server: {}", e.getMessage());
    if (item instanceof Map<?, ?> m
        && m.get("stepId") instanceof Number step
        && m.get("attempt") instanceof Number attempt) {
      Thread.ofVirtual()
          .name("refuse-" + step)
          .start(() -> StepRunner.refuse(client, step.longValue(), attempt.intValue(), e));
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  public boolean isStopped() {
    return stopped;
  }

  @Override
  public void close() {
    stopped = true;
    client.stop();
    running.values().forEach(StepRunner::cancel);
    if (loop != null) loop.interrupt();
  }
}

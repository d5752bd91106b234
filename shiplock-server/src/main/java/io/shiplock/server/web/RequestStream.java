package io.shiplock.server.web;

import io.javalin.http.sse.SseClient;
import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.store.LogRepository.Chunk;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.Html;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Follows one request for a page by server-sent events: {@code head} and {@code steps} (the page's
 * state and steps parts, re-rendered when a state changes), {@code log} (new output lines, HTML to
 * append), {@code end} when the request is over. Each log event's id is the position reached in
 * every step's log, so a browser that reconnects (it sends the id back as Last-Event-ID) gets no
 * line twice.
 */
final class RequestStream {
  /** How often the store is read for changes; the agents upload output about this often too. */
  static final Duration POLL = Duration.ofMillis(250);

  private static final int CHUNKS_PER_READ = 200;

  private final Store store;
  private final long requestId;
  private final Function<RequestView, Map<String, String>> renderParts;

  /** {@code renderParts} gives each part's HTML by the event that carries it. */
  RequestStream(
      Store store, long requestId, Function<RequestView, Map<String, String>> renderParts) {
    this.store = store;
    this.requestId = requestId;
    this.renderParts = renderParts;
  }

  private record Snapshot(Request request, List<StepRun> steps, int decisions) {}

  void follow(SseClient client, String lastEventId) {
    Map<Long, long[]> cursor = parse(lastEventId);
    String[] shown = {null};
    long[] lastStep = {-1};
    EventLoop.run(client, POLL, () -> next(client, cursor, shown, lastStep));
  }

  /** One look: changed parts, new log lines, the end. */
  private EventLoop.Result next(
      SseClient client, Map<Long, long[]> cursor, String[] shown, long[] lastStep) {
    Snapshot s =
        store.read(
            r ->
                r.runs()
                    .find(requestId)
                    .map(
                        q ->
                            new Snapshot(
                                q,
                                r.runs().steps(requestId),
                                r.approvals().decisions(requestId).size()))
                    .orElse(null));
    if (s == null) return new EventLoop.Result(false, false);
    boolean sent = false;
    String now = RequestView.fingerprint(s.request(), s.steps(), s.decisions());
    if (!now.equals(shown[0])) {
      var view = store.read(r -> RequestView.of(r, requestId));
      if (view.isEmpty()) return new EventLoop.Result(false, false);
      for (var part : renderParts.apply(view.get()).entrySet())
        client.sendEvent(part.getKey(), oneLine(part.getValue()), encode(cursor));
      shown[0] = now;
      sent = true;
    }
    StringBuilder html = new StringBuilder();
    Map<Long, StepRun> byId = new HashMap<>();
    s.steps().forEach(x -> byId.put(x.id(), x));
    for (StepRun step : s.steps()) {
      if (step.node() != NodeKind.STEP || step.agentId() == null) continue;
      long[] at = cursor.getOrDefault(step.id(), new long[] {0, 0});
      List<Chunk> chunks =
          store.read(r -> r.logs().read(step.id(), (int) at[0], at[1], CHUNKS_PER_READ));
      if (chunks.isEmpty()) continue;
      if (step.id() != lastStep[0]) {
        html.append("<span class=\"step-head\">── ")
            .append(logHtml(RequestView.path(step, byId)))
            .append(" ──</span>&#10;");
        lastStep[0] = step.id();
      }
      for (Chunk c : chunks) html.append(logHtml(c.data()));
      Chunk last = chunks.get(chunks.size() - 1);
      cursor.put(step.id(), new long[] {last.attempt(), last.seq()});
    }
    if (!html.isEmpty()) {
      client.sendEvent("log", html.toString(), encode(cursor));
      sent = true;
    }
    if (!s.request().state().isActive()) {
      client.sendEvent("end", s.request().state().name(), encode(cursor));
      return new EventLoop.Result(true, false);
    }
    return new EventLoop.Result(sent, true);
  }

  /** Newlines become character references: an event's data is then one line, kept exactly. */
  static String oneLine(String html) {
    return html.replace("\r", "").replace("\n", "&#10;");
  }

  /** Step output as HTML to append to the live log: escaped, on one line. */
  static String logHtml(String text) {
    return oneLine(Html.escape(text));
  }

  /** "STEP.ATTEMPT.SEQ-…" for every step with output read so far. */
  static String encode(Map<Long, long[]> cursor) {
    StringBuilder b = new StringBuilder();
    for (var e : cursor.entrySet()) {
      if (!b.isEmpty()) b.append('-');
      b.append(e.getKey()).append('.').append(e.getValue()[0]).append('.').append(e.getValue()[1]);
    }
    return b.isEmpty() ? "0" : b.toString();
  }

  /** The position of a reconnecting browser; anything unreadable starts from the beginning. */
  static Map<Long, long[]> parse(String id) {
    Map<Long, long[]> out = new LinkedHashMap<>();
    if (id == null || id.isBlank() || id.length() > 10_000) return out;
    for (String part : id.split("-")) {
      String[] f = part.split("\\.");
      if (f.length != 3) continue;
      try {
        out.put(Long.parseLong(f[0]), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      } catch (NumberFormatException e) {
        return new LinkedHashMap<>();
      }
    }
    return out;
  }
}

package io.shiplock.server.web;

import io.javalin.http.sse.SseClient;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.Html;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Keeps an open pipeline page current by server-sent events: {@code env-N}, the state part of the
 * N-th environment's column (gate, approvals, what runs there), and {@code newest}, sent only when
 * they change. The request forms are not touched, so a form being filled in stays as it is.
 */
final class PipelineStream {
  /** Pipelines change at the pace of deployments; once a second is live enough. */
  static final Duration POLL = Duration.ofSeconds(1);

  private final Store store;
  private final String application;
  private final Predicate<String> readable;

  /** {@code readable}: the environments the caller may read; the others are never sent. */
  PipelineStream(Store store, String application, Predicate<String> readable) {
    this.store = store;
    this.application = application;
    this.readable = readable;
  }

  void follow(SseClient client) {
    Map<String, String> shown = new HashMap<>();
    EventLoop.run(
        client,
        POLL,
        () -> {
          var view = store.read(r -> PipelineViews.of(r, application)).map(v -> v.only(readable));
          if (view.isEmpty()) return new EventLoop.Result(false, false);
          boolean sent = false;
          Map<String, String> parts = new HashMap<>();
          var columns = view.get().environments();
          for (int i = 0; i < columns.size(); i++)
            parts.put(
                "env-" + i, Pages.fragment("pipelinecolumn.jte", Map.of("env", columns.get(i))));
          String newest = view.get().newest();
          parts.put(
              "newest",
              newest == null ? "" : "Newest version: <strong>" + Html.escape(newest) + "</strong>");
          for (var p : parts.entrySet()) {
            // The first look only records what the page was rendered with.
            if (shown.containsKey(p.getKey())
                && !Objects.equals(shown.get(p.getKey()), p.getValue())) {
              client.sendEvent(p.getKey(), RequestStream.oneLine(p.getValue()));
              sent = true;
            }
            shown.put(p.getKey(), p.getValue());
          }
          return new EventLoop.Result(sent, true);
        });
  }
}

package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;

/** A page's server-sent-event stream read whole over HTTP, as the browser would receive it. */
final class EventStream {
  record Event(String name, String id, String data) {}

  private EventStream() {}

  /** Reads a whole event stream (until the server ends it): each event's name, id and data. */
  static List<Event> read(String url, String session, String lastEventId) throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Cookie", "shiplock_session=" + session)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) req.header("Last-Event-ID", lastEventId);
    var resp = HttpClient.newHttpClient().send(req.build(), BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(200);
    List<Event> out = new ArrayList<>();
    String name = "message";
    String id = null;
    StringBuilder data = new StringBuilder();
    for (String line : resp.body().split("\n", -1)) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) out.add(new Event(name, id, data.toString()));
        name = "message";
        data.setLength(0);
      } else if (line.startsWith("event: ")) name = line.substring(7);
      else if (line.startsWith("id: ")) id = line.substring(4);
      else if (line.startsWith("data: ")) data.append(line.substring(6));
    }
    return out;
  }
}

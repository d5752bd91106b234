package io.shiplock.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.shiplock.server.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real webhook receiver on a loopback port: keeps every event the nodes post to it. */
final class HookReceiver implements AutoCloseable {
  private final HttpServer http;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  // An IP literal: no name is looked up, so there is no address to choose.
  @SuppressWarnings("AddressSelection")
  HookReceiver() {
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext(
        "/hook",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          events.add(Json.MAPPER.readTree(body));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
  }

  /** The events of this kind about this request. */
  List<JsonNode> about(String event, long requestId) {
    return events.stream()
        .filter(e -> e.get("event").asText().equals(event))
        .filter(e -> e.at("/request/id").asLong() == requestId)
        .toList();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}

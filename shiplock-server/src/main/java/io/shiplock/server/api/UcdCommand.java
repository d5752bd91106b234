package io.shiplock.server.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * One command of UrbanCode Deploy's {@code udclient}, as its WADL declares it (UCD-COMPAT.md §1):
 * the client builds its request from this and nothing else. {@code path} is under {@code /cli} and
 * starts with {@code /}; {@code template}, when set, is the JSON object {@code -t} prints; {@code
 * mediaType} is what the client sends as Content-type and how the answer is read. A command whose
 * {@code handler} is null is carried out by the client itself (its id must still be declared).
 */
record UcdCommand(
    String id,
    HandlerType method,
    String path,
    String summary,
    List<Param> params,
    String template,
    String mediaType,
    Handler handler) {

  /** A query parameter; {@code environmentName} is the variable the client reads it from. */
  record Param(String name, boolean required, String description, String environmentName) {
    static Param required(String name, String description) {
      return new Param(name, true, description, null);
    }

    static Param optional(String name, String description) {
      return new Param(name, false, description, null);
    }
  }

  static UcdCommand json(
      String id,
      HandlerType method,
      String path,
      String summary,
      List<Param> params,
      Handler handler) {
    return new UcdCommand(id, method, path, summary, params, null, "application/json", handler);
  }

  UcdCommand withTemplate(String json) {
    return new UcdCommand(id, method, path, summary, params, json, mediaType, handler);
  }

  UcdCommand answeringText() {
    return new UcdCommand(id, method, path, summary, params, template, "text/plain", handler);
  }
}

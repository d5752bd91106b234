package io.shiplock.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The pages' static files: the stylesheet and htmx with its server-sent-events extension, from
 * their webjars on the class path, so the UI needs no network beyond the server. Only these names
 * are served.
 */
final class Assets {
  // Never compared or hashed: the bytes are only served.
  @SuppressWarnings("ArrayRecordComponent")
  private record Asset(String type, byte[] body) {}

  private static final Map<String, Asset> FILES =
      Map.of(
          "shiplock.css", load("text/css", "web/shiplock.css"),
          "favicon.svg", load("image/svg+xml", "web/favicon.svg"),
          "htmx.min.js",
              load(
                  "text/javascript",
                  webjar("htmx.org", "org.webjars.npm/htmx.org") + "/dist/htmx.min.js"),
          "sse.js",
              load(
                  "text/javascript",
                  webjar("htmx-ext-sse", "org.webjars.npm/htmx-ext-sse") + "/sse.js"));

  private Assets() {}

  static void serve(Context ctx) {
    send(ctx, ctx.pathParam("file"));
  }

  /** /favicon.ico: browsers ask for it on any page of the host; it is the SVG icon. */
  static void favicon(Context ctx) {
    send(ctx, "favicon.svg");
  }

  private static void send(Context ctx, String file) {
    Asset a = FILES.get(file);
    if (a == null) {
      ctx.status(404).result("no such file");
      return;
    }
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(a.type() + "; charset=utf-8");
    ctx.result(a.body());
  }

  /** The folder of a webjar's files, at the version on the class path. */
  private static String webjar(String name, String coordinates) {
    Properties p = new Properties();
    try (InputStream in = resource("META-INF/maven/" + coordinates + "/pom.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "META-INF/resources/webjars/" + name + "/" + p.getProperty("version");
  }

  private static Asset load(String type, String path) {
    try (InputStream in = resource(path)) {
      return new Asset(type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = Assets.class.getClassLoader().getResourceAsStream(path);
    if (in == null) throw new IllegalStateException("missing from the class path: " + path);
    return in;
  }
}

package io.shiplock.server.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.shiplock.core.config.ConfigException;
import io.shiplock.core.config.Problem;
import io.shiplock.core.store.Conflict;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.ldap.DirectoryUnreachable;
import io.shiplock.server.engine.RequestRefused;
import jakarta.servlet.ServletException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every failure is answered: one JSON shape ({@code error}, {@code message}, {@code details})
 * with the status that says whose fault it is, or one plain line on the paths UCD's clients call; a
 * database away or overloaded is a 503 the client tries again, anything unforeseen a 500 whose id
 * points into the log.
 */
final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** Maps each failure; {@code denied} records a refused permission (403) in the audit log. */
  static void install(JavalinConfig config, BiConsumer<Context, String> denied) {
    on(
        config,
        ApiException.class,
        (e, ctx) -> {
          if (e.status() == 403) denied.accept(ctx, e.getMessage());
          error(ctx, e.status(), e.code(), e.getMessage(), e.details());
        });
    on(
        config,
        ConfigException.class,
        (e, ctx) ->
            error(
                ctx,
                422,
                "invalid_configuration",
                e.problems().size() + " problem(s) in the configuration; nothing was changed",
                problems(e)));
    on(
        config,
        RequestRefused.class,
        (e, ctx) -> error(ctx, e.status(), refusal(e.status()), e.getMessage(), List.of()));
    on(config, Conflict.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage(), List.of()));
    on(
        config,
        AuthService.LockedOut.class,
        (e, ctx) -> error(ctx, 429, "too_many_attempts", e.getMessage(), List.of()));
    on(
        config,
        DirectoryUnreachable.class,
        (e, ctx) -> error(ctx, 503, "directory_unreachable", e.getMessage(), List.of()));
    // A body in a charset the JVM does not know cannot be read: the client's error.
    on(
        config,
        IllegalArgumentException.class,
        (e, ctx) -> {
          if (e instanceof IllegalCharsetNameException
              || e instanceof UnsupportedCharsetException) {
            error(
                ctx,
                415,
                "unsupported_charset",
                "the body's charset '"
                    + e.getMessage()
                    + "' is not one the server reads; send UTF-8",
                List.of());
          } else {
            internalError(e, ctx);
          }
        });
    // A form the servlet container cannot read (a multipart body without its boundary,
    // or cut short): Jetty refuses it with a 4xx inside a ServletException.
    on(
        config,
        ServletException.class,
        (e, ctx) -> {
          if (e.getCause() instanceof HttpException refused
              && refused.getCode() >= 400
              && refused.getCode() < 500) {
            error(
                ctx,
                refused.getCode(),
                "unreadable_body",
                "the "
                    + mediaType(ctx)
                    + " body cannot be read ("
                    + rootMessage(e)
                    + "); forms are sent as application/x-www-form-urlencoded",
                List.of());
          } else {
            internalError(e, ctx);
          }
        });
    on(config, Exception.class, ApiErrors::internalError);
    config.routes.error(
        404,
        ctx -> {
          if (!ctx.res().isCommitted() && ctx.result() == null) {
            error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path(), List.of());
          }
        });
    config.routes.error(
        413,
        ctx ->
            error(
                ctx,
                413,
                "too_large",
                "request body larger than " + ApiServer.MAX_BODY_BYTES / (1024 * 1024) + " MiB",
                List.of()));
  }

  /**
   * Registers {@code handler} so that it never throws. Javalin answers a throwing exception handler
   * with its own mapper, which throws too when the request was recycled under it (an event stream's
   * connection gone before the stream ended), and then queues the same handling again: an endless
   * loop that filled the disk with log lines in a CI run (38 GB). A failure here only means there
   * is no request left to answer.
   */
  private static <E extends Exception> void on(
      JavalinConfig config, Class<E> type, ExceptionHandler<? super E> handler) {
    config.routes.exception(
        type,
        (e, ctx) -> {
          try {
            handler.handle(e, ctx);
          } catch (RuntimeException gone) {
            LOG.debug("no request left to answer {} with: {}", e.toString(), gone.toString());
          }
        });
  }

  static String refusal(int status) {
    return switch (status) {
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 409 -> "conflict";
      default -> "bad_request";
    };
  }

  static List<Map<String, Object>> problems(ConfigException e) {
    return problems(e.problems());
  }

  /** Problems or warnings with their place: file, line, column, field, message, text. */
  static List<Map<String, Object>> problems(List<Problem> problems) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Problem p : problems) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (p.location() != null) {
        m.put("file", p.location().file());
        m.put("line", p.location().line());
        m.put("column", p.location().column());
      }
      if (p.field() != null && !p.field().isEmpty()) m.put("field", p.field());
      m.put("message", p.message());
      m.put("text", p.toString());
      out.add(m);
    }
    return out;
  }

  /** "multipart/form-data" of "multipart/form-data; boundary=…", or "request". */
  private static String mediaType(Context ctx) {
    String type = ctx.contentType();
    if (type == null || type.isBlank()) return "request";
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
  }

  /** What the innermost cause says ("No multipart boundary parameter in Content-Type"). */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    for (int depth = 0; depth < 10 && t.getCause() != null; depth++) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The paths UrbanCode Deploy's clients call, which answer errors as UCD does. */
  static boolean isUcd(String path) {
    return path.startsWith("/cli/")
        || path.startsWith("/cli-internal/")
        || path.startsWith("/rest/deploy/");
  }

  static void internalError(Exception e, Context ctx) {
    if (DatabaseUnreachable.busy(e)) {
      LOG.warn("{} {}: no database connection free ({})", ctx.method(), ctx.path(), e.toString());
      ctx.header("Retry-After", "2");
      error(ctx, 503, "database_busy", DatabaseUnreachable.BUSY_MESSAGE, List.of());
      return;
    }
    if (DatabaseUnreachable.is(e)) {
      LOG.warn("{} {}: the database is unreachable ({})", ctx.method(), ctx.path(), e.toString());
      ctx.header("Retry-After", "5");
      error(ctx, 503, "database_unreachable", DatabaseUnreachable.MESSAGE, List.of());
      return;
    }
    String id = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
    error(
        ctx,
        500,
        "internal_error",
        "internal error " + id + "; the server log has the details",
        List.of());
  }

  static void error(
      Context ctx, int status, String code, String message, List<Map<String, Object>> details) {
    if (isUcd(ctx.path())) {
      // UCD's clients print an error body as it comes (UCD-COMPAT.md §5.9): one plain line, and
      // under it each problem's line, or all a user learns is how many there were.
      StringBuilder text = new StringBuilder(message);
      if (details != null) {
        for (Map<String, Object> d : details) {
          Object line = d.get("text");
          if (line != null) text.append('\n').append(line);
        }
      }
      ctx.status(status).contentType("text/plain; charset=utf-8").result(text.toString());
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    body.put("details", details);
    Json.send(ctx, status, body);
  }
}

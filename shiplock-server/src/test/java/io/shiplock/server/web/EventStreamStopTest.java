package io.shiplock.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.Fixtures;
import io.shiplock.server.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A node that stops while a page follows its event stream ends the stream once. The stream's end
 * resumed a request Jetty had already recycled; the exception handler failed on it, and Javalin
 * handled that failure with another that failed, without end: one CI run wrote 38 GB of log lines
 * and ran out of disk. This counts what is logged after the stop.
 */
class EventStreamStopTest {
  @Test
  void stoppingANodeWithALivePageLogsAFewLinesNotAFlood() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    TestServer server = new TestServer("h2");
    try {
      var applied =
          server.apply(
              server.adminToken(),
              List.of(new SourceFile("shop.yaml", Fixtures.shop("a1", "echo hi"))));
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "user=admin&password=" + TestServer.ADMIN_PASSWORD + "&next=%2Fui"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
      String session = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      HttpResponse<InputStream> stream =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/ui/apps/Shop/events"))
                  .header("Cookie", session)
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");

      logged.start();
      root.addAppender(logged);
      server.close();
      // Not a wait for a condition but a window to watch: the stream notices the stop at its next
      // look (PipelineStream.POLL, 1 s); the flood began then and never stopped. Three looks, then
      // one more second in which nothing may be added.
      Thread.sleep(PipelineStream.POLL.multipliedBy(3));
      long afterStop = fromTheWebLayer(logged);
      Thread.sleep(Duration.ofSeconds(1));
      assertThat(fromTheWebLayer(logged))
          .as("lines logged after the stop: %s", head(logged))
          .isEqualTo(afterStop)
          .isLessThan(50);
      stream.body().close();
    } finally {
      root.detachAppender(logged);
      server.close();
    }
  }

  /**
   * The lines of the web layer, where the flood was. The JVM is shared with other test classes, so
   * a pool's starvation warning on a loaded machine, or another server's timer, may log in the
   * window too: those are not this stop's.
   */
  private static long fromTheWebLayer(ListAppender<ILoggingEvent> logged) {
    return copy(logged).stream()
        .filter(e -> WEB_LOGGERS.stream().anyMatch(prefix -> e.getLoggerName().startsWith(prefix)))
        .count();
  }

  /** The lines so far: the appender adds under its own lock, so the copy takes it too. */
  private static List<ILoggingEvent> copy(ListAppender<ILoggingEvent> logged) {
    synchronized (logged) {
      return List.copyOf(logged.list);
    }
  }

  private static final List<String> WEB_LOGGERS =
      List.of(
          "org.eclipse.jetty", "io.javalin", "io.shiplock.server.web", "io.shiplock.server.api");

  private static List<String> head(ListAppender<ILoggingEvent> logged) {
    return copy(logged).stream()
        .limit(10)
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
        .toList();
  }
}

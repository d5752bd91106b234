package io.shiplock.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.check} against a real HTTP server on this host. */
class HttpCheckStepTest {
  @TempDir Path dir;
  private HttpServer server;
  private String base;
  private final AtomicInteger healthCalls = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok", x -> answer(x, 200, "{\"status\": \"UP\", \"version\": \"1.2\"}"));
    server.createContext("/down", x -> answer(x, 503, "maintenance"));
    // Healthy from the third call on: a service that takes a moment to start.
    server.createContext(
        "/warming",
        x -> {
          if (healthCalls.incrementAndGet() < 3) answer(x, 503, "starting");
          else answer(x, 200, "UP");
        });
    server.createContext(
        "/slow",
        x -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(x, 200, "late");
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void answer(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  private StepContext run(int expectedExit, Map<String, Object> with) throws Exception {
    StepContext ctx = new StepContext(dir, with);
    assertThat(new HttpCheckStep().run(ctx)).as(ctx.log()).isEqualTo(expectedExit);
    return ctx;
  }

  @Test
  void passesOnTheExpectedStatusAndABodyMatch() throws Exception {
    StepContext ctx = run(0, Map.of("url", base + "/ok", "bodyMatches", "\"status\":\\s*\"UP\""));
    assertThat(ctx.outputs).containsEntry("status", "200").containsEntry("attempts", "1");
    assertThat(ctx.log()).contains("GET " + base + "/ok -> 200 in ");
    run(0, Map.of("url", base + "/down", "status", 503));
  }

  @Test
  void failsOnAnotherStatusOrABodyWithoutAMatchAndSaysWhich() throws Exception {
    StepContext down = run(1, Map.of("url", base + "/down"));
    assertThat(down.log())
        .contains("attempt 1 of 1: status 503, expected 200")
        .contains("http.check failed: " + base + "/down did not pass in 1 attempt(s)");
    assertThat(down.outputs).containsEntry("status", "503");
    StepContext body = run(1, Map.of("url", base + "/ok", "bodyMatches", "DOWN"));
    assertThat(body.log()).contains("the body has no match of /DOWN/");
  }

  @Test
  void triesAgainUntilTheServiceIsHealthy() throws Exception {
    StepContext ctx = run(0, Map.of("url", base + "/warming", "attempts", 5, "interval", "100ms"));
    assertThat(ctx.outputs).containsEntry("attempts", "3");
    assertThat(ctx.log()).contains("attempt 1 of 5: status 503").contains("attempt 2 of 5");
    assertThat(healthCalls.get()).isEqualTo(3);
  }

  @Test
  void aSlowAnswerTimesOutAndAnUnreachableHostIsNamed() throws Exception {
    StepContext slow = run(1, Map.of("url", base + "/slow", "timeout", "500ms"));
    assertThat(slow.log()).contains("no whole answer within 500ms");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    StepContext gone = run(1, Map.of("url", "http://127.0.0.1:" + closed + "/x"));
    assertThat(gone.log()).contains("cannot reach http://127.0.0.1:" + closed + "/x");
  }

  /**
   * The client's own request timeout is as long as the attempt's and can fire first (CI saw it):
   * that is the same slow answer, while a connect timeout is a host that cannot be reached.
   */
  @Test
  void theClientsOwnTimeoutIsReportedAsASlowAnswer() {
    HttpCheckStep.Check check =
        HttpCheckStep.Check.of(new Params(Map.of("url", base + "/slow", "timeout", "500ms")));
    assertThat(HttpCheckStep.failed(check, new HttpTimeoutException("request timed out")).failure())
        .isEqualTo("no whole answer within 500ms");
    assertThat(
            HttpCheckStep.failed(check, new HttpConnectTimeoutException("connect timed out"))
                .failure())
        .isEqualTo(
            "cannot reach " + base + "/slow (HttpConnectTimeoutException: connect timed out)");
  }

  /** Headers at once, then a body that never ends: the attempt's timeout still holds. */
  @Test
  void aBodyThatNeverEndsTimesOutAndTheNextAttemptRuns() throws Exception {
    server.createContext(
        "/stream",
        x -> {
          x.sendResponseHeaders(200, 0); // chunked: no length, no end
          OutputStream out = x.getResponseBody();
          out.write("data: 1\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    long t0 = System.nanoTime();
    StepContext ctx =
        run(
            1,
            Map.of("url", base + "/stream", "timeout", "500ms", "attempts", 2, "interval", "10ms"));
    assertThat(ctx.log())
        .contains("attempt 1 of 2: no whole answer within 500ms")
        .contains("attempt 2 of 2");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
  }

  /** A cancel (the agent runs the step's cancel actions) stops a long series of attempts. */
  @Test
  void aCancelStopsTheAttempts() throws Exception {
    StepContext ctx =
        new StepContext(dir, Map.of("url", base + "/down", "attempts", 1000, "interval", "1s"));
    var step = Executors.newSingleThreadExecutor().submit(() -> new HttpCheckStep().run(ctx));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ctx.log().contains("attempt 1 of 1000"));
    ctx.cancel();
    assertThat(step.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(ctx.log()).contains("http.check stopped: canceled");
  }

  @Test
  void badParametersFailBeforeAnyRequest() throws Exception {
    assertThat(run(1, Map.of("url", "ftp://host/x")).log())
        .contains("url must be an http:// or https:// address, not 'ftp://host/x'");
    assertThat(run(1, Map.of("url", base + "/ok", "bodyMatches", "(unclosed")).log())
        .contains("bodyMatches is not a regular expression");
    assertThat(run(1, Map.of("url", base + "/ok", "attempts", 0)).log())
        .contains("attempts must be between 1 and 10000, not 0");
    assertThat(run(1, Map.of("url", base + "/ok", "status", 42)).log())
        .contains("status must be between 100 and 599, not 42");
    assertThat(run(1, Map.of("url", base + "/ok", "timeout", "0s")).log())
        .contains("timeout must be a duration above zero such as 500ms or 10s, not '0s'");
  }
}

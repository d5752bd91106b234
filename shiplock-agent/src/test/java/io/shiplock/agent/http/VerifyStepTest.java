package io.shiplock.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shiplock.agent.step.StepContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}: a soak against a real HTTP server on this host, and with a real command. */
class VerifyStepTest {
  @TempDir Path dir;
  private HttpServer server;
  private String base;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok", x -> answer(x, 200, "UP"));
    // Healthy for two checks, then it breaks: a version that degrades under load.
    server.createContext(
        "/degrades",
        x -> {
          if (calls.incrementAndGet() <= 2) answer(x, 200, "UP");
          else answer(x, 500, "out of memory");
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
    assertThat(new VerifyStep().run(ctx)).as(ctx.log()).isEqualTo(expectedExit);
    return ctx;
  }

  @Test
  void passesOnlyWhenEveryCheckOverThePeriodPassed() throws Exception {
    long t0 = System.nanoTime();
    StepContext ctx = run(0, Map.of("url", base + "/ok", "for", "1s", "interval", "250ms"));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(millis).as("it soaked the whole period").isGreaterThanOrEqualTo(1000);
    int checks = Integer.parseInt(ctx.outputs.get("checks"));
    // A check every 250ms over 1s and one at its end: at most 5, fewer when checks are slow (the
    // first one starts a cold HTTP client), never one alone.
    assertThat(checks).as("checks every 250ms over 1s, and one at its end").isBetween(2, 5);
    assertThat(ctx.log()).contains("verify passed: " + checks + " check(s) over 1s");
  }

  @Test
  void failsAtTheFirstCheckThatDoesNotPass() throws Exception {
    StepContext ctx = run(1, Map.of("url", base + "/degrades", "for", "10s", "interval", "100ms"));
    assertThat(ctx.outputs.get("checks")).isEqualTo("3");
    assertThat(ctx.log())
        .contains("verify failed: check 3 (GET " + base + "/degrades) after ")
        .contains("of 10s: status 500, expected 200");
    assertThat(calls.get()).as("nothing is checked after the failure").isEqualTo(3);
  }

  @Test
  void aCommandIsACheckToo() throws Exception {
    run(
        0,
        Map.of("argv", List.of("sh", "-c", "echo healthy"), "for", "300ms", "interval", "100ms"));
    StepContext failed =
        run(1, Map.of("argv", List.of("sh", "-c", "exit 4"), "for", "5s", "interval", "100ms"));
    assertThat(failed.log())
        .contains("verify failed: check 1 (sh -c exit 4)")
        .contains("exited with 4");
  }

  @Test
  void aCancelStopsTheSoak() throws Exception {
    StepContext ctx =
        new StepContext(dir, Map.of("url", base + "/ok", "for", "1h", "interval", "50ms"));
    Thread canceler =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(300);
                  } catch (InterruptedException e) {
                    return;
                  }
                  ctx.cancel();
                });
    assertThat(new VerifyStep().run(ctx)).isEqualTo(1);
    canceler.join();
    assertThat(ctx.log()).contains("verify stopped: canceled after");
  }

  @Test
  void badParametersAreNamed() throws Exception {
    assertThat(run(1, Map.of("url", base + "/ok")).log()).contains("parameter 'for' is required");
    assertThat(run(1, Map.of("for", "1m")).log())
        .contains("verify needs either 'url' (an HTTP check) or 'argv' (a command)");
    assertThat(run(1, Map.of("url", base + "/ok", "for", "soon")).log())
        .contains("for must be a duration above zero such as 500ms or 10s, not 'soon'");
  }
}

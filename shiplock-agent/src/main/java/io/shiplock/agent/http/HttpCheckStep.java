package io.shiplock.agent.http;

import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.StepType;
import io.shiplock.core.config.Durations;
import io.shiplock.core.script.BoundedRegex;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code http.check}: a health check from the agent's host. Each attempt GETs the URL (redirects
 * not followed: a check says which answer it wants), compares the status code and, with {@code
 * bodyMatches}, searches the first {@link #MAX_BODY} bytes of the body with a bounded regular
 * expression. It passes on the first attempt that does; otherwise it pauses {@code interval} and
 * tries again, and fails with the last attempt's reason when its attempts run out.
 */
public final class HttpCheckStep implements AgentStep {
  /** The part of a body searched; a health page is small, a huge one is not read whole. */
  static final int MAX_BODY = 1 << 20;

  private static final Duration REGEX_LIMIT = Duration.ofSeconds(1);

  @Override
  public StepType declaration() {
    return AgentStepTypes.HTTP_CHECK;
  }

  /** The check as configured, each value checked before the first attempt. */
  record Check(
      URI url, int status, String bodyMatches, Duration timeout, int attempts, Duration interval) {
    static Check of(Params p) {
      URI url;
      try {
        url = new URI(p.text("url"));
      } catch (URISyntaxException e) {
        throw new StepFailure("url is not an address: " + e.getMessage());
      }
      String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || url.getHost() == null)
        throw new StepFailure("url must be an http:// or https:// address, not '" + url + "'");
      int status = p.number("status", 200, 100, 599);
      String regex = p.text("bodyMatches", null);
      if (regex != null) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new StepFailure("bodyMatches is not a regular expression: " + e.getDescription());
        }
      }
      return new Check(
          url,
          status,
          regex,
          p.duration("timeout", Duration.ofSeconds(10)),
          p.number("attempts", 1, 1, 10_000),
          p.duration("interval", Duration.ofSeconds(2)));
    }
  }

  @Override
  public int run(Context ctx) throws IOException {
    Check check;
    try {
      check = Check.of(new Params(ctx.with()));
    } catch (StepFailure e) {
      ctx.println(e.getMessage());
      return 1;
    }
    // A cancel interrupts the wait for an answer and the pause between attempts: a check with
    // many attempts must not outlive its request, nor keep its environment's place.
    Thread self = Thread.currentThread();
    ctx.onCancel(self::interrupt);
    try (HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(check.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()) {
      for (int attempt = 1; ; attempt++) {
        Attempt a = attempt(http, check);
        ctx.output("attempts", String.valueOf(attempt));
        if (a.status() != null) {
          ctx.output("status", String.valueOf(a.status()));
          ctx.println("GET " + check.url() + " -> " + a.status() + " in " + a.millis() + " ms");
        }
        if (a.failure() == null) return 0;
        ctx.println("attempt " + attempt + " of " + check.attempts() + ": " + a.failure());
        if (attempt >= check.attempts()) {
          ctx.println(
              "http.check failed: "
                  + check.url()
                  + " did not pass in "
                  + check.attempts()
                  + " attempt(s)");
          return 1;
        }
        Thread.sleep(check.interval().toMillis());
      }
    } catch (InterruptedException e) {
      ctx.println("http.check stopped: canceled");
      return 1;
    }
  }

  /** What one attempt got: the status (null without an answer), its time, why it failed. */
  record Attempt(Integer status, long millis, String failure) {}

  /**
   * One attempt, the whole exchange (headers and the body read) within the timeout: the client's
   * own timeout ends only at the headers, and a body that stalls or never ends (a stream) would
   * block the read for ever. The exchange runs on its own thread, interrupted when time is up.
   */
  static Attempt attempt(HttpClient http, Check check) throws InterruptedException {
    CompletableFuture<Attempt> result = new CompletableFuture<>();
    Thread worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    result.complete(exchange(http, check));
                  } catch (Throwable t) {
                    result.completeExceptionally(t);
                  }
                });
    try {
      return result.get(check.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      worker.interrupt();
      return timedOut(check);
    } catch (ExecutionException e) {
      return failed(check, e.getCause());
    } catch (InterruptedException e) {
      worker.interrupt();
      throw e;
    }
  }

  /** Why an exchange that threw failed. */
  static Attempt failed(Check check, Throwable cause) {
    // The client's own request timeout has the same length and can fire first: it is the same
    // slow answer, not an unreachable host. A connect timeout is a host that cannot be reached.
    if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException))
      return timedOut(check);
    return new Attempt(
        null,
        0,
        "cannot reach "
            + check.url()
            + " ("
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
            + ")");
  }

  private static Attempt timedOut(Check check) {
    return new Attempt(
        null,
        check.timeout().toMillis(),
        "no whole answer within " + Durations.format(check.timeout()));
  }

  private static Attempt exchange(HttpClient http, Check check)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(check.url()).timeout(check.timeout()).GET().build();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> answer =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String body;
    try (InputStream in = answer.body()) {
      body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    int status = answer.statusCode();
    if (status != check.status())
      return new Attempt(status, ms, "status " + status + ", expected " + check.status());
    if (check.bodyMatches() == null) return new Attempt(status, ms, null);
    try {
      return new Attempt(
          status,
          ms,
          BoundedRegex.finds(check.bodyMatches(), body, REGEX_LIMIT)
              ? null
              : "the body has no match of /" + check.bodyMatches() + "/");
    } catch (BoundedRegex.TooSlow e) {
      return new Attempt(status, ms, e.getMessage());
    }
  }
}

package io.shiplock.agent.http;

import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.StepType;
import io.shiplock.core.config.Durations;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code verify}: soaks a deployment. It checks a URL (exactly as {@code http.check} does one
 * attempt) or runs a command, then again every {@code interval} until {@code for} has passed, and
 * fails at the first check that does not pass: a version is promoted only after it ran healthy for
 * the whole period. What follows a pass (a version status) or a failure (a rollback) is the
 * process's next step and its failure edge.
 */
public final class VerifyStep implements AgentStep {
  @Override
  public StepType declaration() {
    return AgentStepTypes.VERIFY;
  }

  /** One check: pass, or why not. */
  private interface Check {
    String run() throws IOException, InterruptedException;

    String describe();
  }

  @Override
  public int run(Context ctx) throws IOException {
    Params p = new Params(ctx.with());
    Duration soak;
    Duration interval;
    Check check;
    HttpClient http = null;
    try {
      soak = p.duration("for", null);
      interval = p.duration("interval", Duration.ofSeconds(30));
      List<String> argv = p.list("argv");
      boolean url = p.text("url", null) != null;
      if (url == !argv.isEmpty())
        throw new StepFailure("verify needs either 'url' (an HTTP check) or 'argv' (a command)");
      if (url) {
        HttpCheckStep.Check c = HttpCheckStep.Check.of(p);
        HttpClient client =
            HttpClient.newBuilder()
                .connectTimeout(c.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        http = client;
        check = http(ctx, client, c);
      } else {
        check = command(ctx, argv, p.duration("timeout", Duration.ofSeconds(10)));
        Files.createDirectories(ctx.runDir());
      }
    } catch (StepFailure e) {
      ctx.println(e.getMessage());
      return 1;
    }
    // A cancel interrupts the pause and the check under way: a soak must not outlive its request.
    Thread self = Thread.currentThread();
    ctx.onCancel(self::interrupt);
    long start = System.nanoTime();
    long end = start + soak.toNanos();
    int n = 0;
    try {
      while (true) {
        n++;
        String failure = check.run();
        ctx.output("checks", String.valueOf(n));
        String at = Durations.format(elapsed(start));
        if (failure != null) {
          ctx.println(
              "verify failed: check "
                  + n
                  + " ("
                  + check.describe()
                  + ") after "
                  + at
                  + " of "
                  + Durations.format(soak)
                  + ": "
                  + failure);
          return 1;
        }
        ctx.println("check " + n + " passed after " + at);
        long left = end - System.nanoTime();
        if (left <= 0) break;
        // The last pause is shorter, so the period ends with a check: healthy to its very end.
        TimeUnit.NANOSECONDS.sleep(Math.min(left, interval.toNanos()));
      }
    } catch (InterruptedException e) {
      ctx.println("verify stopped: canceled after " + n + " check(s)");
      return 1;
    } finally {
      if (http != null) http.close();
    }
    ctx.println(
        "verify passed: " + n + " check(s) over " + Durations.format(soak) + ", every one passed");
    return 0;
  }

  private static Duration elapsed(long start) {
    return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private static Check http(Context ctx, HttpClient client, HttpCheckStep.Check c) {
    return new Check() {
      @Override
      public String run() throws IOException, InterruptedException {
        HttpCheckStep.Attempt a = HttpCheckStep.attempt(client, c);
        if (a.status() != null)
          ctx.println("GET " + c.url() + " -> " + a.status() + " in " + a.millis() + " ms");
        return a.failure();
      }

      @Override
      public String describe() {
        return "GET " + c.url();
      }
    };
  }

  private static Check command(Context ctx, List<String> argv, Duration timeout) {
    return new Check() {
      @Override
      public String run() throws IOException, InterruptedException {
        Process proc =
            new ProcessBuilder(argv)
                .directory(ctx.runDir().toFile())
                .redirectErrorStream(true)
                .start();
        ctx.processes().accept(proc); // its output goes to the step's log as it comes
        try {
          if (!proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            proc.destroyForcibly();
            return "did not end within " + Durations.format(timeout);
          }
        } catch (InterruptedException e) {
          proc.destroyForcibly();
          throw e;
        }
        return proc.exitValue() == 0 ? null : "exited with " + proc.exitValue();
      }

      @Override
      public String describe() {
        return String.join(" ", argv);
      }
    };
  }
}

package io.shiplock.agent.docker;

import io.shiplock.api.AgentStep;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns the engine's output chunks (build streams, container log frames) into whole lines in the
 * step log, so post-processing scripts and masking see lines as the program printed them.
 */
final class LineOutput {
  private final AgentStep.Context ctx;
  private final StringBuilder partial = new StringBuilder();

  LineOutput(AgentStep.Context ctx) {
    this.ctx = ctx;
  }

  synchronized void write(String chunk) {
    if (chunk == null) return;
    for (int i = 0; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (c == '\n') flushLine();
      else if (c != '\r') partial.append(c);
    }
  }

  synchronized void close() {
    if (!partial.isEmpty()) flushLine();
  }

  private void flushLine() {
    try {
      ctx.println(partial.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    partial.setLength(0);
  }
}

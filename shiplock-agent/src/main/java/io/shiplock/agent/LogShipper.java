package io.shiplock.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Ships a step's (already masked) output file to the server in sequenced chunks while the step
 * runs. The file is the buffer: memory stays bounded whatever the step prints, and nothing is lost
 * while the server is away; uploads resume where they stopped.
 */
final class LogShipper implements Runnable {
  private static final int CHUNK_BYTES = 256 * 1024;
  private final ServerClient client;
  private final long stepId;
  private final int attempt;
  private final Path file;
  private final AtomicBoolean finished = new AtomicBoolean();
  private long offset;
  private long seq;
  private volatile Thread shipping;

  LogShipper(ServerClient client, long stepId, int attempt, Path file) {
    this.client = client;
    this.stepId = stepId;
    this.attempt = attempt;
    this.file = file;
  }

  /** No more output will come; ship the rest and return. */
  void finish() {
    finished.set(true);
    // Wake the shipper now rather than at its next tick: a step's end waits for its last chunk.
    Thread t = shipping;
    if (t != null) LockSupport.unpark(t);
  }

  @Override
  public void run() {
    shipping = Thread.currentThread();
    try {
      while (true) {
        boolean done = finished.get();
        // The last piece travels with the result (one round trip less per step).
        if (done && remaining() <= CHUNK_BYTES) return;
        boolean shipped = shipOnce(done);
        if (!shipped) {
          if (done) return;
          if (!finished.get()) LockSupport.parkNanos(200_000_000L);
          if (Thread.interrupted()) throw new InterruptedException();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long remaining() throws IOException {
    return Files.size(file) - offset;
  }

  /**
   * After the shipper has stopped: the output not shipped yet, as the chunk that goes with the
   * result ({@code attempt}, {@code seq}, {@code data}), or null when everything was shipped.
   */
  Map<String, Object> tail() throws IOException {
    if (offset >= Long.MAX_VALUE / 4 || remaining() <= 0) return null;
    byte[] rest;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      rest = new byte[(int) (f.length() - offset)];
      f.seek(offset);
      f.readFully(rest);
    }
    offset += rest.length;
    return Map.of(
        "attempt", attempt, "seq", ++seq, "data", new String(rest, StandardCharsets.UTF_8));
  }

  /** Uploads one chunk if there is one; ends chunks at a line end unless output has finished. */
  private boolean shipOnce(boolean all) throws IOException, InterruptedException {
    byte[] buf;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long available = f.length() - offset;
      if (available <= 0) return false;
      buf = new byte[(int) Math.min(CHUNK_BYTES, available)];
      f.seek(offset);
      f.readFully(buf);
    }
    int end = buf.length;
    if (!all || buf.length == CHUNK_BYTES) {
      int nl = lastNewline(buf);
      if (nl >= 0) end = nl + 1;
      else if (buf.length < CHUNK_BYTES) return false; // wait for the line to end
    }
    end = utf8Boundary(buf, end);
    String data = new String(buf, 0, end, StandardCharsets.UTF_8);
    seq++;
    try {
      client.reliably(
          "POST",
          "/api/v1/agent/steps/" + stepId + "/log",
          Map.of("attempt", attempt, "seq", seq, "data", data));
    } catch (ServerClient.Refused e) {
      // The step is no longer ours (canceled elsewhere, another attempt): stop shipping.
      finished.set(true);
      offset = Long.MAX_VALUE / 2;
      return false;
    }
    offset += end;
    return true;
  }

  private static int lastNewline(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) if (b[i] == '\n') return i;
    return -1;
  }

  /** Never cut a multi-byte UTF-8 character in two. */
  private static int utf8Boundary(byte[] b, int end) {
    int i = end;
    while (i > 0 && i > end - 4 && (b[i - 1] & 0xC0) == 0x80) i--;
    if (i > 0 && (b[i - 1] & 0x80) != 0 && i < end) {
      int lead = b[i - 1] & 0xFF;
      int len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      if (end - (i - 1) < len) return i - 1;
    }
    return end;
  }
}

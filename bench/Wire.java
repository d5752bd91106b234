// Compiled with the bench program that uses it (bench/lib.sh: bench_java).
/**
 * One simulated agent's way to a server, shared by bench/Dispatch.java and bench/Cluster.java:
 * HTTP/1.1 over one kept-alive socket to 127.0.0.1, written and read in the caller's own (virtual)
 * thread, reopened after an error or a "Connection: close". The JDK's HttpClient (BENCH_HTTP=jdk in
 * bench/dispatch.sh) took a fifth of the bench JVM's CPU samples for the simulated side, its selector
 * thread and futures: CPU the server under test then lacked on a 2-core machine where real agents
 * run elsewhere (docs/benchmarks.md, 2026-12-02).
 */
final class Wire {
  record Answer(int status, String body) {}

  private final int port;
  private java.net.Socket socket;
  private java.io.InputStream in;
  private java.io.OutputStream out;

  Wire(int port) {
    this.port = port;
  }

  Answer send(String token, String method, String path, String body) throws java.io.IOException {
    try {
      if (socket == null) {
        socket = new java.net.Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 4096);
        out = socket.getOutputStream();
      }
      byte[] b = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      byte[] request = java.util.Arrays.copyOf(head, head.length + b.length);
      System.arraycopy(b, 0, request, head.length, b.length);
      out.write(request);
      out.flush();
      String status = line();
      if (!status.startsWith("HTTP/1.1 ")) throw new java.io.IOException("not an HTTP answer: " + status);
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      boolean chunked = false, close = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String name = h.substring(0, Math.max(0, h.indexOf(':'))).trim().toLowerCase(java.util.Locale.ROOT);
        String value = h.substring(h.indexOf(':') + 1).trim();
        if (name.equals("content-length")) length = Integer.parseInt(value);
        else if (name.equals("transfer-encoding")) chunked = value.equalsIgnoreCase("chunked");
        else if (name.equals("connection")) close = value.toLowerCase(java.util.Locale.ROOT).contains("close");
      }
      java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream(Math.max(length, 64));
      if (code < 200 || code == 204 || code == 304) {
        // no body, whatever the headers say
      } else if (chunked) {
        for (int n = Integer.parseInt(line().split(";")[0].trim(), 16); n > 0; n = Integer.parseInt(line().split(";")[0].trim(), 16)) {
          answer.write(exactly(n));
          line();
        }
        while (!line().isEmpty()) {} // trailers
      } else if (length >= 0) {
        answer.write(exactly(length));
      } else {
        answer.write(in.readAllBytes());
        close = true;
      }
      if (close) drop();
      return new Answer(code, answer.toString(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException | RuntimeException e) {
      drop();
      throw e instanceof java.io.IOException io ? io : new java.io.IOException(e);
    }
  }

  /** A short read is a connection closed mid-answer: an error, never a cut body. */
  private byte[] exactly(int n) throws java.io.IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) throw new java.io.EOFException("the server closed the connection mid-answer");
    return b;
  }

  private String line() throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new java.io.EOFException("the server closed the connection");
      if (c != '\r') sb.append((char) c);
    }
    return sb.toString();
  }

  private void drop() {
    try {
      if (socket != null) socket.close();
    } catch (java.io.IOException ignored) {
      // closing a broken socket
    }
    socket = null;
  }
}

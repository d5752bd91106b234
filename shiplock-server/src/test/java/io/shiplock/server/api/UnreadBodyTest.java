package io.shiplock.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A refusal answered before the request's body was read still reaches the client. The server read
 * the rest of the body before closing: closing a socket with unread bytes makes the kernel reset
 * the connection, and the reset can throw away the answer before the client reads it (a route fuzz
 * case got "no answer" for a 70 KB body to a link route).
 */
class UnreadBodyTest {
  @Test
  void anAnswerGivenBeforeTheBodyIsReadReachesTheClient() throws IOException {
    try (TestServer server = new TestServer("sqlite")) {
      int port = server.server().port();
      byte[] body = new byte[8 * 1024 * 1024];
      Arrays.fill(body, (byte) 'z');
      for (String target : new String[] {"/approve/not-a-link", "/api/v1/requests"}) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          OutputStream out = s.getOutputStream();
          out.write(
              ("POST "
                      + target
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          String answer = readAll(s.getInputStream());
          assertThat(answer).as(target).startsWith("HTTP/1.1 4");
        }
      }
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        b.write(buf, 0, n);
        if (b.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) break;
      }
    } catch (IOException e) {
      if (b.size() == 0) throw e;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}

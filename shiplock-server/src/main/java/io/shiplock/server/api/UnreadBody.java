package io.shiplock.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads what a handler left of a body the server accepts. A refusal answered before the body was
 * read (a bad link, a missing token) is otherwise followed by a close with unread bytes, which
 * makes the kernel reset the connection, and the reset can throw the answer away before the client
 * reads it (UnreadBodyTest).
 */
final class UnreadBody {
  private UnreadBody() {}

  /** Reads the rest of the body when its declared length is at most {@code limit}. */
  static void drain(Context ctx, long limit) throws IOException {
    long length = ctx.req().getContentLengthLong();
    if (length <= 0 || length > limit) return;
    try (InputStream in = ctx.req().getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }
}

package io.shiplock.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a loopback port to a target, which a test can cut (every connection dropped,
 * new ones refused) and open again on the same port: a database that goes away and comes back,
 * without stopping the database other tests use.
 */
public final class TcpForwarder implements AutoCloseable {
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private int port;

  public TcpForwarder(String host, int port) {
    try {
      this.target = new InetSocketAddress(InetAddress.getAllByName(host)[0], port);
    } catch (UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
    open();
  }

  public int port() {
    return port;
  }

  /** Listens (again, on the same port) and forwards each connection. */
  public synchronized void open() {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      port = s.getLocalPort();
      listener = s;
      Thread.ofVirtual().name("forwarder-accept").start(() -> accept(s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket in = s.accept();
        Socket out = new Socket();
        // Under the lock cut() takes: a connection accepted as the cut came is dropped with the
        // others, never left forwarding past the cut.
        synchronized (this) {
          if (s.isClosed()) {
            closeQuietly(in);
            continue;
          }
          out.connect(target);
          sockets.add(in);
          sockets.add(out);
        }
        Thread.ofVirtual().start(() -> pump(in, out));
        Thread.ofVirtual().start(() -> pump(out, in));
      } catch (IOException e) {
        // closed by cut(), or the target refused: the client sees its connection end
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** Drops every connection and refuses new ones until {@link #open}. */
  public synchronized void cut() {
    closeQuietly(listener);
    for (Socket s : sockets) closeQuietly(s);
    sockets.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
  }
}

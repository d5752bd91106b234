package io.shiplock.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL LISTEN/NOTIFY channel between the server nodes of one database: what one node
 * publishes reaches every other node's {@code onMessage} within milliseconds. A hint only, never
 * the record: a message is lost while a connection is down, so what it announces must also be in
 * the database (the work queue is). Each side has its own connection, reopened after a failure;
 * publishing never blocks the caller (a sender thread drains a queue), and a node does not hear its
 * own messages.
 */
public final class PgChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgChannel.class);
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final long RETRY_MILLIS = 1000;

  private final DatabaseConfig db;
  private final String channel;
  private final Consumer<String> onMessage;
  private final BlockingQueue<String> outgoing = new LinkedBlockingQueue<>(100_000);
  private final Thread listener;
  private final Thread sender;
  private volatile boolean closed;
  private volatile int senderPid = -1;

  public PgChannel(DatabaseConfig db, String channel, Consumer<String> onMessage) {
    if (!NAME.matcher(channel).matches())
      throw new IllegalArgumentException("not a channel name: " + channel);
    this.db = db;
    this.channel = channel;
    this.onMessage = onMessage;
    this.listener = Thread.ofVirtual().name("pg-listen-" + channel).start(this::listen);
    this.sender = Thread.ofVirtual().name("pg-notify-" + channel).start(this::send);
  }

  /** Queues a message for the other nodes; drops it (a hint) when the queue is full. */
  public void publish(String payload) {
    if (!closed) outgoing.offer(payload);
  }

  private Connection connect() throws SQLException {
    Connection c =
        db.user() == null
            ? DriverManager.getConnection(db.url())
            : DriverManager.getConnection(db.url(), db.user(), db.password());
    c.setAutoCommit(true);
    return c;
  }

  private void listen() {
    while (!closed) {
      try (Connection c = connect()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(1000);
          if (got == null) continue;
          for (PGNotification n : got) {
            if (n.getPID() == senderPid) continue; // our own
            try {
              onMessage.accept(n.getParameter());
            } catch (RuntimeException e) {
              LOG.warn("channel {}: a message failed: {}", channel, e.toString());
            }
          }
        }
      } catch (SQLException e) {
        if (!closed) {
          LOG.warn(
              "channel {}: listening failed ({}); again in {} ms",
              channel,
              e.getMessage(),
              RETRY_MILLIS);
          pause();
        }
      }
    }
  }

  private void send() {
    while (!closed) {
      try (Connection c = connect();
          PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          senderPid = rs.getInt(1);
        }
        while (!closed) {
          String first = outgoing.poll(1, TimeUnit.SECONDS);
          if (first == null) continue;
          Set<String> batch = new LinkedHashSet<>(); // the same hint twice tells nothing more
          batch.add(first);
          List<String> more = new ArrayList<>();
          outgoing.drainTo(more, 999);
          batch.addAll(more);
          // One transaction per batch: each NOTIFY alone would be a commit (a WAL flush) of its
          // own; PostgreSQL delivers them all at this commit, in order.
          c.setAutoCommit(false);
          for (String payload : batch) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.execute();
          }
          c.commit();
        }
      } catch (SQLException e) {
        if (!closed) {
          LOG.warn(
              "channel {}: publishing failed ({}); again in {} ms",
              channel,
              e.getMessage(),
              RETRY_MILLIS);
          pause();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    sender.interrupt();
    listener.interrupt();
  }
}

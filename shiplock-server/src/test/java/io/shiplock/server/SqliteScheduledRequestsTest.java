package io.shiplock.server;

class SqliteScheduledRequestsTest extends ScheduledRequestsContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

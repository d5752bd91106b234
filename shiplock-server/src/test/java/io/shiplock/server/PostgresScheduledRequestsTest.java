package io.shiplock.server;

class PostgresScheduledRequestsTest extends ScheduledRequestsContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

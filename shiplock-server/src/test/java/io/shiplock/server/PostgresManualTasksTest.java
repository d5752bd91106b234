package io.shiplock.server;

class PostgresManualTasksTest extends ManualTasksContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

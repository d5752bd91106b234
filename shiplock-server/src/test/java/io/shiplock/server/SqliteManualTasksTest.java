package io.shiplock.server;

class SqliteManualTasksTest extends ManualTasksContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

package io.shiplock.server;

class SqliteEnvironmentLockTest extends EnvironmentLockContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

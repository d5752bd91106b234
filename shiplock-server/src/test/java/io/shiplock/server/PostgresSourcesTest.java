package io.shiplock.server;

class PostgresSourcesTest extends SourcesContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

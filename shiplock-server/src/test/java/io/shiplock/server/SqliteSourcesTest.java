package io.shiplock.server;

class SqliteSourcesTest extends SourcesContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

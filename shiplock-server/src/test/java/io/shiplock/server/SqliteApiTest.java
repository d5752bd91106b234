package io.shiplock.server;

class SqliteApiTest extends ApiContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

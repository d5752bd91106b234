package io.shiplock.server;

class PostgresApiTest extends ApiContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

package io.shiplock.server;

class H2ApiTest extends ApiContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}

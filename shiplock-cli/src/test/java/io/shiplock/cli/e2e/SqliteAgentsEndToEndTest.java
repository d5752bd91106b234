package io.shiplock.cli.e2e;

class SqliteAgentsEndToEndTest extends AgentsEndToEndContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

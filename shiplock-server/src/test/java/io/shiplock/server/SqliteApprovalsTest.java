package io.shiplock.server;

class SqliteApprovalsTest extends ApprovalsContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

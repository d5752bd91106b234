package io.shiplock.server;

class PostgresApprovalsTest extends ApprovalsContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

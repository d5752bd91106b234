package io.shiplock.store;

class PostgresApprovalRepositoryTest extends ApprovalRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

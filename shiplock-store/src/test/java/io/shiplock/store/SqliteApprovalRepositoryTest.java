package io.shiplock.store;

class SqliteApprovalRepositoryTest extends ApprovalRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

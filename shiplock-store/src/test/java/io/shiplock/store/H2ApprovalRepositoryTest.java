package io.shiplock.store;

class H2ApprovalRepositoryTest extends ApprovalRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}

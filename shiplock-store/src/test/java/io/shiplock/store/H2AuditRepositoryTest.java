package io.shiplock.store;

class H2AuditRepositoryTest extends AuditRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}

package io.shiplock.store;

class PostgresAuditRepositoryTest extends AuditRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

package io.shiplock.store;

class SqliteAuditRepositoryTest extends AuditRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

package io.shiplock.store;

class SqliteDeploymentHistoryTest extends DeploymentHistoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}

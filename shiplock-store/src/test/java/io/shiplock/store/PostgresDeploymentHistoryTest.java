package io.shiplock.store;

class PostgresDeploymentHistoryTest extends DeploymentHistoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}

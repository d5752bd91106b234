package io.shiplock.store;

class H2DeploymentHistoryTest extends DeploymentHistoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}

package io.shiplock.store;

import io.shiplock.core.store.ConfigRepository;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.TokenRepository;
import io.shiplock.core.store.UserRepository;
import io.shiplock.core.store.VersionRepository;
import org.jdbi.v3.core.Handle;

/** The repositories on one JDBI handle, hence in one transaction. */
final class JdbiRepositories implements Repositories {
  private final Handle handle;

  JdbiRepositories(Handle handle) {
    this.handle = handle;
  }

  @Override
  public ConfigRepository config() {
    return new JdbiConfigRepository(handle);
  }

  @Override
  public VersionRepository versions() {
    return new JdbiVersionRepository(handle);
  }

  @Override
  public UserRepository users() {
    return new JdbiUserRepository(handle);
  }

  @Override
  public TokenRepository tokens() {
    return new JdbiTokenRepository(handle);
  }

  @Override
  public io.shiplock.core.store.AgentRepository agents() {
    return new JdbiAgentRepository(handle);
  }

  @Override
  public io.shiplock.core.store.RunRepository runs() {
    return new JdbiRunRepository(handle);
  }

  @Override
  public io.shiplock.core.store.WorkQueue work() {
    return new JdbiWorkQueue(handle);
  }

  @Override
  public io.shiplock.core.store.LogRepository logs() {
    return new JdbiLogRepository(handle);
  }

  @Override
  public io.shiplock.core.store.ApprovalRepository approvals() {
    return new JdbiApprovalRepository(handle);
  }

  @Override
  public io.shiplock.core.store.SourceRepository sources() {
    return new JdbiSourceRepository(handle);
  }

  @Override
  public io.shiplock.core.store.AuditRepository audit() {
    return new JdbiAuditRepository(handle);
  }

  @Override
  public io.shiplock.core.store.InventoryRepository inventory() {
    return new JdbiInventoryRepository(handle);
  }

  @Override
  public io.shiplock.core.store.OutboxRepository outbox() {
    return new JdbiOutboxRepository(handle);
  }
}

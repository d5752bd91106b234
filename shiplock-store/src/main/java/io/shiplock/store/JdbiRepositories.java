package io.shiplock.store;

import io.shiplock.core.store.AgentRepository;
import io.shiplock.core.store.ApprovalRepository;
import io.shiplock.core.store.AuditRepository;
import io.shiplock.core.store.ConfigRepository;
import io.shiplock.core.store.InventoryRepository;
import io.shiplock.core.store.LockRepository;
import io.shiplock.core.store.LogRepository;
import io.shiplock.core.store.NodeRepository;
import io.shiplock.core.store.OutboxRepository;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.SnapshotRepository;
import io.shiplock.core.store.SourceRepository;
import io.shiplock.core.store.TokenRepository;
import io.shiplock.core.store.UserRepository;
import io.shiplock.core.store.VersionRepository;
import io.shiplock.core.store.WorkQueue;
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
  public AgentRepository agents() {
    return new JdbiAgentRepository(handle);
  }

  @Override
  public RunRepository runs() {
    return new JdbiRunRepository(handle);
  }

  @Override
  public WorkQueue work() {
    return new JdbiWorkQueue(handle);
  }

  @Override
  public LogRepository logs() {
    return new JdbiLogRepository(handle);
  }

  @Override
  public ApprovalRepository approvals() {
    return new JdbiApprovalRepository(handle);
  }

  @Override
  public SourceRepository sources() {
    return new JdbiSourceRepository(handle);
  }

  @Override
  public AuditRepository audit() {
    return new JdbiAuditRepository(handle);
  }

  @Override
  public InventoryRepository inventory() {
    return new JdbiInventoryRepository(handle);
  }

  @Override
  public OutboxRepository outbox() {
    return new JdbiOutboxRepository(handle);
  }

  @Override
  public SnapshotRepository snapshots() {
    return new JdbiSnapshotRepository(handle);
  }

  @Override
  public NodeRepository nodes() {
    return new JdbiNodeRepository(handle);
  }

  @Override
  public LockRepository locks() {
    return new JdbiLockRepository(handle);
  }
}

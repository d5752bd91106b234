package io.shiplock.core.store;

/** The repositories bound to one transaction. */
public interface Repositories {
  ConfigRepository config();

  VersionRepository versions();

  UserRepository users();

  TokenRepository tokens();

  AgentRepository agents();

  RunRepository runs();

  WorkQueue work();

  LogRepository logs();

  InventoryRepository inventory();

  AuditRepository audit();

  SourceRepository sources();

  ApprovalRepository approvals();

  OutboxRepository outbox();

  SnapshotRepository snapshots();

  NodeRepository nodes();

  LockRepository locks();
}

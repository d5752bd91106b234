package io.shiplock.core.model;

import java.time.Duration;
import java.util.List;

/** Approval rules of an environment: N of the approvers (teams or roles) must approve. */
public record ApprovalSpec(
    int required,
    List<String> approvers,
    boolean noSelfApproval,
    boolean commentRequired,
    Duration expiresAfter) {
  public ApprovalSpec {
    approvers = List.copyOf(approvers);
  }
}

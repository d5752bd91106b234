package io.shiplock.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.model.Permission;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.model.TeamSpec.Grant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
  private static final Map<String, RoleSpec> ROLES =
      Map.of(
          "deployer", new RoleSpec("deployer", null, Set.of(Permission.VIEW, Permission.REQUEST)),
          "approver", new RoleSpec("approver", null, Set.of(Permission.APPROVE)),
          "viewer", new RoleSpec("viewer", null, Set.of(Permission.VIEW)));
  private static final List<TeamSpec> TEAMS =
      List.of(
          new TeamSpec(
              "developers",
              null,
              List.of("dana"),
              List.of(
                  new Grant("deployer", "App", List.of("Test")), new Grant("viewer", null, null))),
          new TeamSpec(
              "release-managers",
              null,
              List.of("rita"),
              List.of(new Grant("approver", "App", List.of("Public")))));

  private static Authorizer as(String user) {
    return new Authorizer(user, false, TEAMS, ROLES);
  }

  @Test
  void grantsAreScopedToTheirApplicationAndEnvironments() {
    assertThat(as("dana").allows(Permission.REQUEST, "App", "Test")).isTrue();
    assertThat(as("dana").allows(Permission.REQUEST, "App", "Production")).isFalse();
    assertThat(as("dana").allows(Permission.REQUEST, "Other", "Test")).isFalse();
    assertThat(as("dana").allows(Permission.VIEW, "Other", "Anything")).isTrue();
    assertThat(as("dana").allows(Permission.REQUEST, null, null)).isTrue();
    assertThat(as("dana").allowsEverywhere(Permission.REQUEST)).isFalse();
    assertThat(as("dana").allowsEverywhere(Permission.VIEW)).isTrue();
    assertThat(as("nobody").allows(Permission.VIEW, null, null)).isFalse();
    assertThat(
            new Authorizer("root", true, List.of(), Map.of()).allowsEverywhere(Permission.SECURITY))
        .isTrue();
  }

  @Test
  void refusalsNameTheUserThePermissionAndTheScope() {
    assertThat(as("dana").refusal(Permission.REQUEST, "App", "Production"))
        .contains(
            "user 'dana' lacks the 'request' permission on application 'App', environment"
                + " 'Production' (granted through a team's roles)");
    assertThat(as("dana").refusal(Permission.REQUEST, "App", "Test")).isEmpty();
  }

  @Test
  void approversAreTeamsOrRolesOnTheEnvironment() {
    assertThat(as("rita").isApprover(List.of("release-managers"), "App", "Public")).isTrue();
    assertThat(as("rita").isApprover(List.of("approver"), "App", "Public")).isTrue();
    assertThat(as("rita").isApprover(List.of("approver"), "App", "Test")).isFalse();
    assertThat(as("dana").isApprover(List.of("release-managers", "approver"), "App", "Public"))
        .isFalse();
    assertThat(as("rita").holdsRole("approver")).isTrue();
    assertThat(as("dana").holdsRole("approver")).isFalse();
  }
}

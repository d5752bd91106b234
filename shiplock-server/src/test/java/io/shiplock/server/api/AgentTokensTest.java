package io.shiplock.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.config.SourceFile;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.server.TestServer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent tokens are looked up in the store once per {@link AgentTokens#KEPT}: a token revoked on
 * another node is refused here once that time passed, one revoked here at once, and an unknown
 * token is asked for again at every call.
 */
class AgentTokensTest {
  private TestServer server;
  private String admin;

  @BeforeEach
  void start() {
    server = new TestServer("sqlite");
    admin = server.adminToken();
    assertThat(
            server
                .apply(admin, List.of(new SourceFile("a.yaml", "kind: Agent\nname: a1\n")))
                .status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aTokenRevokedElsewhereIsRefusedOnceItsTimeHere() {
    AtomicLong nanos = new AtomicLong();
    AgentTokens tokens = new AgentTokens(server.server().store(), nanos::get);
    String token = server.agentToken(admin, "a1");
    assertThat(tokens.find(token)).map(Identity::name).contains("a1");
    revokeInStore(); // as another node does: this node is not told
    nanos.addAndGet(AgentTokens.KEPT.toNanos() - 1);
    assertThat(tokens.find(token)).map(Identity::name).contains("a1");
    nanos.addAndGet(1);
    assertThat(tokens.find(token)).isEmpty();
  }

  @Test
  void aTokenRevokedHereIsRefusedAtOnce() {
    AgentTokens tokens = new AgentTokens(server.server().store(), () -> 0L);
    String token = server.agentToken(admin, "a1");
    assertThat(tokens.find(token)).isPresent();
    revokeInStore();
    tokens.forgetAll();
    assertThat(tokens.find(token)).isEmpty();
  }

  @Test
  void aLookupThatBeganBeforeARevocationIsNotKept() {
    AtomicLong nanos = new AtomicLong();
    String token = server.agentToken(admin, "a1");
    AgentTokens[] self = new AgentTokens[1];
    // The store answers (the token is valid), then the revocation lands before the answer is kept.
    self[0] =
        new AgentTokens(
            server.server().store(),
            () -> {
              long n = nanos.getAndIncrement();
              if (n == 1) { // the clock is read again once the store has answered
                revokeInStore();
                self[0].forgetAll();
              }
              return n;
            });
    assertThat(self[0].find(token)).isPresent(); // the lookup that raced the revocation
    assertThat(self[0].find(token)).isEmpty();
  }

  @Test
  void anUnknownTokenIsAskedForEveryTime() {
    AgentTokens tokens = new AgentTokens(server.server().store(), () -> 0L);
    String token = server.agentToken(admin, "a1");
    revokeInStore();
    assertThat(tokens.find(token)).isEmpty();
    assertThat(tokens.find("slka_not-a-token")).isEmpty();
    assertThat(tokens.find(token)).isEmpty();
  }

  @Test
  void theApiRefusesATokenAtOnceWhenRevokedThroughIt() {
    String token = server.agentToken(admin, "a1");
    server.hello(token); // now kept by the server
    long id =
        server
            .send("GET", "/api/v1/agents/a1/tokens", admin, null)
            .json()
            .get(0)
            .get("id")
            .asLong();
    assertThat(server.send("DELETE", "/api/v1/agent-tokens/" + id, admin, null).status())
        .isEqualTo(200);
    TestServer.Response after = server.send("GET", "/api/v1/agent/work?wait=0", token, null);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.body()).contains("unknown or revoked");
  }

  private void revokeInStore() {
    server
        .server()
        .store()
        .write(
            r -> {
              r.agents().tokens("a1").forEach(t -> r.agents().revokeToken(t.id(), Instant.now()));
              return Optional.empty();
            });
  }
}

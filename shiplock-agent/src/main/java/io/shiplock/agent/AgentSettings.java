package io.shiplock.agent;

import java.nio.file.Path;
import java.util.List;

/**
 * How an agent connects: the server's URLs (the load balancer's, or several nodes': when one does
 * not answer the agent goes on with the next), its token, its name (for messages), its work
 * directory, and which https servers it believes ({@link ServerTrust}).
 */
public record AgentSettings(
    List<String> servers, String token, String name, Path workDir, ServerTrust trust) {
  public AgentSettings {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) throw new IllegalArgumentException("an agent needs a server URL");
    if (trust == null) trust = ServerTrust.system();
  }

  public AgentSettings(List<String> servers, String token, String name, Path workDir) {
    this(servers, token, name, workDir, ServerTrust.system());
  }

  public AgentSettings(String server, String token, String name, Path workDir) {
    this(List.of(server), token, name, workDir);
  }
}

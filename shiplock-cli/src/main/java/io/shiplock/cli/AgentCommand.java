package io.shiplock.cli;

import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an agent: connects out to the server (never listens on a port) and runs the steps assigned to it.",
      "The token comes from 'shiplock agents token create NAME'."
    })
final class AgentCommand implements Callable<Integer> {
  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description =
          "Server URL: the load balancer's, or give --server once per node; when one does not"
              + " answer the agent goes on with the next.")
  List<String> servers;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Agent token (default: $SHIPLOCK_AGENT_TOKEN).")
  String token;

  @Option(names = "--name", required = true, description = "The agent's name, as configured.")
  String name;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where steps run (default: ~/.shiplock-agent/NAME).")
  Path workDir;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description =
          "Trust https servers whose certificate a CA of this PEM file signed, instead of the"
              + " system's trusted CAs (default: $SHIPLOCK_CA). The host name is checked either way.")
  Path ca;

  @Option(
      names = "--pin",
      paramLabel = "sha256:HEX",
      description =
          "Trust only the https server certificate of this SHA-256 fingerprint (openssl x509 -in"
              + " CERT -noout -fingerprint -sha256); with --ca, the CA must sign it too.")
  String pin;

  @Override
  public Integer call() throws InterruptedException {
    String t = token != null ? token : System.getenv("SHIPLOCK_AGENT_TOKEN");
    if (t == null || t.isBlank())
      throw new CliException(
          "pass --token or set SHIPLOCK_AGENT_TOKEN (an admin prints one with 'shiplock agents token create "
              + name
              + "')");
    Path dir =
        workDir != null
            ? workDir
            : Path.of(System.getProperty("user.home"), ".shiplock-agent", name);
    Agent agent =
        new Agent(new AgentSettings(servers, t, name, dir, ClientOptions.trust(ca, pin))).start();
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
    agent.join();
    return agent.isStopped() ? 1 : 0;
  }
}

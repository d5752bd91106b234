package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplock.server.ShiplockServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The client's version and the server's: a mismatch is the first thing to rule out when a command
 * behaves oddly. A server that cannot be asked is said, not an error: the client's version is still
 * worth printing.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description =
        "Prints the version of this client and of the server it talks to (and which node"
            + " answered).")
final class VersionCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: text).")
  String format = "text";

  @Override
  public Integer call() {
    ObjectNode out = ApiClient.JSON.createObjectNode();
    out.put("client", ShiplockServer.VERSION);
    ApiClient api = client.client();
    out.put("serverUrl", api.server());
    try {
      JsonNode server = api.get("/api/v1/version");
      out.put("server", server.path("version").asText());
      out.put("node", server.path("node").asText());
    } catch (CliException e) {
      out.putNull("server");
      out.put("error", e.getMessage());
    }
    if (format.equals("json")) {
      System.out.println(Output.json(out));
    } else if (format.equals("text")) {
      System.out.println("client: shiplock " + ShiplockServer.VERSION);
      System.out.println(
          out.get("server").isNull()
              ? "server: " + api.server() + ": " + out.get("error").asText()
              : "server: shiplock "
                  + out.get("server").asText()
                  + " at "
                  + api.server()
                  + " (node "
                  + out.get("node").asText()
                  + ")");
    } else {
      throw new CliException("-o must be text or json, not '" + format + "'");
    }
    return 0;
  }
}

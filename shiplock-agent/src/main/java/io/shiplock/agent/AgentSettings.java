package io.shiplock.agent;

import java.nio.file.Path;

/** How an agent connects: server URL, its token, its name (for messages), its work directory. */
public record AgentSettings(String server, String token, String name, Path workDir) {}

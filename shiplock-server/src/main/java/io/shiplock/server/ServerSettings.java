package io.shiplock.server;

import java.nio.file.Path;

/**
 * How to run a server. {@code dbUrl == null} means the embedded SQLite store under {@code home}.
 * {@code adminPassword == null} means: generate one on first start and print it once.
 */
public record ServerSettings(
    String host,
    int port,
    Path home,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String adminPassword) {}

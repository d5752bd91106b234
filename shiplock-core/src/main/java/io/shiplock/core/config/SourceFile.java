package io.shiplock.core.config;

/** A configuration file as sent by a client: its display name and its text. */
public record SourceFile(String name, String content) {}

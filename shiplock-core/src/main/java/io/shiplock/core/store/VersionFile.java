package io.shiplock.core.store;

/**
 * One file of a version: its path inside the version (forward slashes, no {@code ..}), the digest
 * of its content ({@code sha256:…}), size and whether it is executable.
 */
public record VersionFile(String path, String digest, long size, boolean executable) {}

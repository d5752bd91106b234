package io.shiplock.server.auth;

/** The authenticated caller of a request. */
public record Principal(long userId, String name, boolean admin, long tokenId) {}

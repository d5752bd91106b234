package io.shiplock.server.api;

import java.time.Duration;

/** The node that answers: its id and its heartbeat interval (liveness is three of them). */
public record ThisNode(String id, Duration heartbeat) {}

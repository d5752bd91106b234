package io.shiplock.core.config;

import io.shiplock.core.model.ConfigObject;

/** A configuration object with the place its document starts. */
public record Sourced(ConfigObject object, Location location) {}

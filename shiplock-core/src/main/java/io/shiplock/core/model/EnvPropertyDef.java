package io.shiplock.core.model;

/**
 * A component-environment property definition: defined on the component, valued per environment
 * (the seed's {@code imageId} and {@code containerId}).
 */
public record EnvPropertyDef(
    String name, String defaultValue, boolean secure, String description) {}

package io.shiplock.core.config;

/**
 * A reference from one configuration object to another, checked once every object is known (those
 * in the files and those already on the server).
 */
public record Ref(Type type, String owner, String name, String detail, Location at, String field) {
  /** What a reference points to. {@code owner} is the application or component it lives in. */
  public enum Type {
    VERSION_STATUS,
    INVENTORY_STATUS,
    SNAPSHOT_STATUS,
    AGENT,
    APPLICATION,
    /** component {@code name}, listed by application {@code owner}, must exist. */
    COMPONENT_IN_LIST,
    /** component {@code name} must be one of application {@code owner}'s components. */
    APP_COMPONENT,
    /** component {@code name} must have process {@code detail}. */
    COMPONENT_PROCESS,
    /** component {@code name} must define environment property {@code detail}. */
    COMPONENT_ENV_PROPERTY,
    ROLE,
    /** a team or role named {@code name} must exist (an approver). */
    APPROVER,
    /** application {@code owner} must have environment {@code name}. */
    APP_ENVIRONMENT,
    /** application {@code owner} must have process {@code name}. */
    APP_PROCESS,
    /** component {@code name} must define a secure property {@code detail}. */
    COMPONENT_PROPERTY,
    /**
     * team {@code owner} lists member {@code name}: users are not configuration, so a missing one
     * is a warning the server gives (it may be created later), never a problem.
     */
    USER
  }
}

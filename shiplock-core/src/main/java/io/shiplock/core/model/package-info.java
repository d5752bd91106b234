/**
 * The deployment model as values: what configuration as code describes and the store persists. No
 * YAML, JSON or SQL knowledge lives here; mappers in {@code config} and the store translate.
 */
package io.shiplock.core.model;

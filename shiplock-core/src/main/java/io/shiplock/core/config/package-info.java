/**
 * Configuration as code: reading YAML into the model with every problem located (file, line,
 * column), validating references across objects, planning the difference to the stored state, and
 * writing the model back out as YAML and as a JSON Schema.
 */
package io.shiplock.core.config;

/**
 * Import of UrbanCode Deploy exports: application, component and component-template JSON as UCD
 * writes it becomes Shiplock configuration objects. Pure: no store, no network; the CLI writes the
 * objects as YAML files and the server applies them (docs/ucd-migration.md).
 */
package io.shiplock.core.ucd.imports;

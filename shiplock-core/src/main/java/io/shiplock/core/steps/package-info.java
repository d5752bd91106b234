/**
 * The catalog of step types known to this server: built-in ones and those found by ServiceLoader.
 */
package io.shiplock.core.steps;

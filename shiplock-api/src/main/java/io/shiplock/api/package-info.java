/**
 * The step SPI: what a step type declares about itself. Tiny on purpose; everything else depends on
 * it and it depends on nothing.
 */
package io.shiplock.api;

/**
 * The step SPI: what a step type declares about itself and, for agent steps, how it runs. Tiny on
 * purpose; everything else depends on it and it depends on nothing but the JDK.
 */
package io.shiplock.api;

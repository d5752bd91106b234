/**
 * Delivery insights (the DORA figures): deployment frequency, lead time for changes, change failure
 * rate and time to restore, computed by a pure function over an environment's deployment history,
 * which the store supplies. Nothing here is kept by hand or stored; see docs/insights.md.
 */
package io.shiplock.core.insights;

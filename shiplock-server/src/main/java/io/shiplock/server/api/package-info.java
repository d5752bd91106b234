/**
 * The REST API under /api/v1: a route table (each route public or authenticated, so none can be
 * left unprotected by mistake), small handlers per area, one JSON error shape, OpenAPI from the
 * table.
 */
package io.shiplock.server.api;

/** The web UI: server-rendered pages (JTE) over the same services as the API. */
package io.shiplock.server.web;

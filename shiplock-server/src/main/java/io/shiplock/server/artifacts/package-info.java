/** Version artifacts: the content-addressed blob store behind version files. */
package io.shiplock.server.artifacts;

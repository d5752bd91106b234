/** Version sources: git repositories polled or notified by webhooks. */
package io.shiplock.server.sources;

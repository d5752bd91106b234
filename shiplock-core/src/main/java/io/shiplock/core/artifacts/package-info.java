/** Version files: how a directory becomes a version's artifacts and back. */
package io.shiplock.core.artifacts;

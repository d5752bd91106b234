/**
 * Backups: a running server's database and version files in one zip archive with a manifest of
 * sha256 digests, and their restore into an empty home or database (docs/operations.md).
 */
package io.shiplock.server.backup;

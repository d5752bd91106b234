/**
 * What server and agent say to each other, as records both sides share: the server writes them and
 * the agent reads them back into the same types, so a field cannot be renamed on one side only.
 */
package io.shiplock.core.wire;

/** Secret handling: encryption of secure values at rest, API token generation and hashing. */
package io.shiplock.core.security;

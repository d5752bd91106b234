/** Users, passwords and API tokens: who is calling. Permissions come with teams and roles. */
package io.shiplock.server.auth;

/**
 * Directory login: users authenticated against an LDAP directory (JNDI), their groups read at login
 * so that a group named as a team makes them its member.
 */
package io.shiplock.server.auth.ldap;

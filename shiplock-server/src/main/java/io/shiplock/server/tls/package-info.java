/**
 * HTTPS at the server: the certificate and key an operator gives (PEM files or a PKCS#12 keystore),
 * checked before anything starts, and the Jetty connectors that serve them.
 */
package io.shiplock.server.tls;

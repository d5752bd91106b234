/** Notifications: email through SMTP and signed webhooks; signed approval links. */
package io.shiplock.server.notify;

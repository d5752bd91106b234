/** The audit trail of significant actions; append-only. */
package io.shiplock.server.audit;

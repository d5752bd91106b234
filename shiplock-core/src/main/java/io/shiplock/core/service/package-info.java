/** Use cases over the store: plan, apply and export configuration; versions; users and tokens. */
package io.shiplock.core.service;

/** The {@code shiplock} command: server, demo and client subcommands over the REST API. */
package io.shiplock.cli;

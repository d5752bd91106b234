/**
 * What the REST API answers: small records, one file per resource, written by Jackson with the
 * field names, order and null handling clients already read. The OpenAPI document derives its
 * response schemas from these records, so the schema is the answer's own shape.
 */
package io.shiplock.server.api.answers;

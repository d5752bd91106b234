package io.shiplock.server.api.answers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The field is always written and may be {@code null}. Without it, a field of an answer is never
 * null, and the OpenAPI schema says so; a field left out when empty says it with {@code
 * JsonInclude} instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Nullable {}

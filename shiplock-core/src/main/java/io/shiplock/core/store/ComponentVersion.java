package io.shiplock.core.store;

import io.shiplock.core.model.PropertyValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A version of a component with its properties, version statuses and links (name to URL). */
public record ComponentVersion(
    long id,
    String component,
    String name,
    String description,
    Instant createdAt,
    String createdBy,
    Map<String, PropertyValue> properties,
    List<String> statuses,
    Map<String, String> links) {}

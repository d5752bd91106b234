package io.shiplock.core.config;

import java.util.List;

/**
 * What the reader made of a set of files: the objects, the references between them, problems, and
 * warnings (accepted, shown by plan and apply).
 */
public record ParsedConfig(
    List<Sourced> objects, List<Ref> refs, List<Problem> problems, List<Problem> warnings) {}

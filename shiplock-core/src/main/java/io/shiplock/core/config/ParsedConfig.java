package io.shiplock.core.config;

import java.util.List;

/**
 * What the reader made of a set of files: the objects, the references between them, the snapshots
 * (not configuration objects: see {@link SourcedSnapshot}), problems, and warnings (accepted, shown
 * by plan and apply).
 */
public record ParsedConfig(
    List<Sourced> objects,
    List<Ref> refs,
    List<SourcedSnapshot> snapshots,
    List<Problem> problems,
    List<Problem> warnings) {}

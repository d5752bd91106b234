package io.shiplock.core.script;

import java.util.Map;

/**
 * What a post-processing script decided: the step succeeded when {@code Status} is {@code Success};
 * every other property becomes an output of the step. {@code error} is set when the script itself
 * failed (syntax, refused Java access, a limit), which fails the step.
 */
public record ScriptResult(
    boolean success, Map<String, String> outputs, String commandOut, String error) {}

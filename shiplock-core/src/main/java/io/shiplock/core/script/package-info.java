/**
 * JavaScript in a Rhino sandbox: step preconditions (run by the engine) and UCD post-processing
 * scripts (run by agents) with {@code properties}, {@code scanner} and {@code commandOut} as in
 * UCD, no Java beyond a few harmless collection classes, bounded time, memory and output.
 */
package io.shiplock.core.script;

package io.shiplock.core.engine;

/** What a request does when it would start inside a blackout window of its environment. */
public enum BlackoutPolicy {
  /** It is refused (made now) or fails (when its scheduled time comes), naming the window. */
  REFUSE,
  /** It is scheduled for the end of the window (and of any window overlapping it). */
  WAIT,
  /** An admin started it anyway, with a comment in the audit log. */
  OVERRIDE
}

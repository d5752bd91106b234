package io.shiplock.agent.docker;

import io.shiplock.agent.step.StepFailure;

/**
 * An image reference split the way the Engine API wants it: repository (with its registry host) and
 * tag. {@code localhost:5000/app:1.0} → {@code localhost:5000/app} and {@code 1.0}; the tag is what
 * follows the last colon after the last slash, so a registry port is never taken for a tag.
 */
record ImageRef(String repository, String tag) {
  static ImageRef parse(String ref) {
    if (ref == null || ref.isBlank() || ref.chars().anyMatch(Character::isWhitespace))
      throw new StepFailure("'" + ref + "' is not an image reference");
    int at = ref.indexOf('@');
    if (at >= 0) return new ImageRef(ref.substring(0, at), ref.substring(at + 1));
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) return new ImageRef(ref.substring(0, colon), ref.substring(colon + 1));
    return new ImageRef(ref, "latest");
  }

  /** The registry host of the reference, or {@code docker.io} when it names none. */
  String registry() {
    int slash = repository.indexOf('/');
    if (slash < 0) return "docker.io";
    String first = repository.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost")
        ? first
        : "docker.io";
  }

  @Override
  public String toString() {
    return repository + (tag.startsWith("sha256:") ? "@" : ":") + tag;
  }
}

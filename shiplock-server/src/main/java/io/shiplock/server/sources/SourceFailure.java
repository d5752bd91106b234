package io.shiplock.server.sources;

import java.io.IOException;

/**
 * A failure of an import whose message Shiplock wrote itself (never text the remote sent), so it
 * may be shown on the source's state to anyone who may view the component.
 */
public final class SourceFailure extends IOException {
  public SourceFailure(String message) {
    super(message);
  }
}

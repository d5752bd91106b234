package io.shiplock.server.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of a work item, as stored in the queue and sent to the agent. A payload that carries
 * secure values (its mask list is not empty) is stored encrypted with the server's secret key and
 * opened only when an agent takes it: the queue never holds a secret in clear.
 */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final io.shiplock.core.security.SecretBox secrets;

  Payloads(io.shiplock.core.security.SecretBox secrets) {
    this.secrets = secrets;
  }

  /** The payload as an agent receives it. */
  public String open(String stored) {
    return io.shiplock.core.security.SecretBox.isEncrypted(stored)
        ? secrets.decrypt(stored)
        : stored;
  }

  String seal(StepPayload p) {
    String json = write(p);
    return p.mask() == null || p.mask().isEmpty() ? json : secrets.encrypt(json);
  }

  /** The same work for the next attempt of a retryable step. */
  StepPayload nextAttempt(String stored, int attempt, java.time.Instant now) {
    String json = open(stored);
    try {
      StepPayload p = JSON.readValue(json, StepPayload.class);
      return new StepPayload(
          p.stepId(),
          attempt,
          p.requestId(),
          p.name(),
          p.type(),
          p.with(),
          p.postProcessing(),
          p.timeoutSeconds(),
          p.mask(),
          StepStarter.micros(now),
          p.version());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt work item", e);
    }
  }

  static String write(StepPayload p) {
    try {
      return JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

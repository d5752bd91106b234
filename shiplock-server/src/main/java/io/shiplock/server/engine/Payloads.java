package io.shiplock.server.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON of a work item, as stored in the queue and sent to the agent. */
final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  /** The same work for the next attempt of a retryable step. */
  static StepPayload nextAttempt(String json, int attempt, java.time.Instant now) {
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

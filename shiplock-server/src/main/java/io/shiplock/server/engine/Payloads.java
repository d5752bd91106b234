package io.shiplock.server.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.security.Masker;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.wire.WorkItem;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of a work item, as stored in the queue and sent to the agent. A payload that carries
 * secure values (its mask list is not empty) is stored encrypted with the server's secret key and
 * opened only when an agent takes it: the queue never holds a secret in clear.
 */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private final SecretBox secrets;

  Payloads(SecretBox secrets) {
    this.secrets = secrets;
  }

  /** The payload as an agent receives it. */
  public String open(String stored) {
    return SecretBox.isEncrypted(stored) ? secrets.decrypt(stored) : stored;
  }

  /** The id of the version the work places files of, if any. */
  public Optional<Long> versionId(String stored) {
    return Optional.ofNullable(read(stored).version()).map(WorkItem.Version::id);
  }

  String seal(WorkItem p) {
    String json = write(p);
    return p.mask().isEmpty() ? json : secrets.encrypt(json);
  }

  /** The same work for the next attempt of a retryable step. */
  WorkItem nextAttempt(String stored, int attempt, Instant now) {
    return read(stored).nextAttempt(attempt, StepStarter.micros(now));
  }

  /**
   * Masks what an agent reports about this work with the work's own mask list, so a result the
   * agent did not mask (an older agent, a message it built from an exception) is stored masked.
   */
  Masker masker(String stored) {
    return SecretBox.isEncrypted(stored) ? new Masker(read(stored).mask()) : Masker.NONE;
  }

  private WorkItem read(String stored) {
    String json = open(stored);
    try {
      // Read as the agent reads it, so a stored item the agent would refuse is refused here too.
      return WorkItem.fromMap(JSON.readValue(json, OBJECT));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt work item", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("corrupt work item: " + e.getMessage(), e);
    }
  }

  static String write(WorkItem p) {
    try {
      return JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

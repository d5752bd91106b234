package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The distribution's logging: what an operator reads must not drown in library stack traces. */
class LoggingConfigTest {
  @Test
  void dockerJavasCallbackStackTracesAreOffTheStepLogSaysItInOneLine() {
    assertThat(
            LoggerFactory.getLogger("com.github.dockerjava.api.async.ResultCallbackTemplate")
                .isErrorEnabled())
        .as("with the engine gone, docker.build logged a 20-line stack trace")
        .isFalse();
    assertThat(LoggerFactory.getLogger("io.shiplock.agent.Agent").isInfoEnabled()).isTrue();
  }
}

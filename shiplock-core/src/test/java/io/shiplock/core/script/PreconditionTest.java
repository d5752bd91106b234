package io.shiplock.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreconditionTest {
  @Test
  void expressionsDecideWhetherAStepRuns() {
    assertThat(
            Precondition.holds("\"Passed,Loaded\".indexOf(\"Passed\") >= 0", ScriptLimits.DEFAULT))
        .isTrue();
    assertThat(Precondition.holds("'true' == 'false'", ScriptLimits.DEFAULT)).isFalse();
  }

  @Test
  void brokenOrHostileExpressionsAreReported() {
    assertThatThrownBy(() -> Precondition.holds("(", ScriptLimits.DEFAULT))
        .isInstanceOf(Precondition.Invalid.class)
        .hasMessageContaining("precondition '('");
    assertThatThrownBy(() -> Precondition.holds("java.lang.System.exit(1)", ScriptLimits.DEFAULT))
        .isInstanceOf(Precondition.Invalid.class);
  }
}

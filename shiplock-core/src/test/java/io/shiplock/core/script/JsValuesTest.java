package io.shiplock.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.engine.PropertyContext;
import io.shiplock.core.engine.PropertyResolver;
import io.shiplock.core.model.PropertyValue;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A precondition gets property values as values: the same answers, and no value is code. */
class JsValuesTest {
  private static boolean holds(String expression, Map<String, String> request) {
    Map<String, PropertyValue> props = new HashMap<>();
    request.forEach((k, v) -> props.put(k, PropertyValue.plain(v)));
    PropertyResolver r =
        new PropertyResolver(new PropertyContext(Map.of("request", props), Map.of(), Map.of()));
    return Precondition.holds(
        JsValues.bind(expression, r),
        name -> r.value(new PropertyResolver.Reference(0, 0, name, true)),
        ScriptLimits.DEFAULT);
  }

  @Test
  void aValueThatIsCodeCannotTurnAFalsePreconditionTrue() {
    // The reproducer: a user with only `request` made a skipped step run.
    String hostile = "x\" || true || \"";
    assertThat(holds("\"${p:runTests}\" == \"true\"", Map.of("runTests", hostile))).isFalse();
    assertThat(holds("'${p:runTests}' == 'true'", Map.of("runTests", "x' || true || '"))).isFalse();
    assertThat(holds("${p:runTests}", Map.of("runTests", "1 == 1 || true"))).isTrue(); // a string
    assertThat(holds("${p:runTests} === true", Map.of("runTests", "1 == 1 || true"))).isFalse();
  }

  @Test
  void benignPreconditionsAnswerAsTheyDidWhenValuesWerePasted() {
    assertThat(holds("\"${p:runTests}\" == \"true\"", Map.of("runTests", "true"))).isTrue();
    assertThat(holds("\"${p:runTests}\" == \"true\"", Map.of("runTests", "false"))).isFalse();
    assertThat(holds("${p:flag}", Map.of("flag", "false"))).isFalse();
    assertThat(holds("${p:flag} && true", Map.of("flag", "true"))).isTrue();
    assertThat(holds("${p:count} > 3", Map.of("count", "5"))).isTrue();
    assertThat(holds("${p:count} + 1 == 6", Map.of("count", "5"))).isTrue();
    assertThat(holds("\"env-${p:env}\".startsWith(\"env-prod\")", Map.of("env", "prod-eu")))
        .isTrue();
    assertThat(holds("\"env-${p:env}\".startsWith(\"env-prod\")", Map.of("env", "qa"))).isFalse();
    // The example pipeline's gate on a status: a member call applies to the whole string.
    String gate = "\"${p:statuses}\".indexOf(\"FunctionalRegressionPassed\") >= 0";
    assertThat(holds(gate, Map.of("statuses", "Built,FunctionalRegressionPassed"))).isTrue();
    assertThat(holds(gate, Map.of("statuses", "Built"))).isFalse();
    assertThat(holds("`${p:env}` == 'qa'", Map.of("env", "qa"))).isTrue();
    assertThat(holds("p('env') == 'qa' && p('nosuch') == ''", Map.of("env", "qa"))).isTrue();
  }

  @Test
  void anErrorQuotesTheExpressionAsWrittenNeverAValue() {
    try {
      holds("\"${p:secret}\".nosuch()", Map.of("secret", "hunter2"));
    } catch (Precondition.Invalid e) {
      assertThat(e.getMessage()).contains("${p:secret}").doesNotContain("hunter2");
      return;
    }
    throw new AssertionError("expected an error");
  }
}

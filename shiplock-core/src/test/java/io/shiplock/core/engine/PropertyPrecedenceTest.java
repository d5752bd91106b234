package io.shiplock.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.model.PropertyValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The order of an unqualified {@code ${p:name}}, UrbanCode Deploy's: with the name defined at every
 * scope, each scope wins until it is taken away, and then the next one does.
 */
class PropertyPrecedenceTest {
  @Test
  void theOrderIsUcds() {
    assertThat(String.join(" > ", PropertyContext.PRECEDENCE))
        .isEqualTo(
            "request > version > resource > agent > environment > componentEnvironment > component"
                + " > application > system");
  }

  @Test
  void peelingOneScopeAtATimeTheNextOneWins() {
    Map<String, Map<String, PropertyValue>> scopes = new LinkedHashMap<>();
    for (String scope : PropertyContext.PRECEDENCE)
      scopes.put(scope, Map.of("x", PropertyValue.plain(scope)));
    for (String winner : PropertyContext.PRECEDENCE) {
      var context = new PropertyContext(scopes, Map.of(), Map.of());
      assertThat(new PropertyResolver(context).resolve("${p:x}"))
          .as(scopes.keySet().toString())
          .isEqualTo(winner);
      // A qualified reference still reaches every scope that is left.
      for (String scope : scopes.keySet())
        assertThat(new PropertyResolver(context).resolve("${p:" + scope + "/x}")).isEqualTo(scope);
      scopes.remove(winner);
    }
    var none = new PropertyContext(scopes, Map.of(), Map.of());
    assertThat(new PropertyResolver(none).resolve("[${p?:x}]")).isEqualTo("[]");
  }

  @Test
  void aVersionPropertyBeatsTheEnvironmentAndAnAgentPropertyTheComponent() {
    var context =
        new PropertyContext(
            Map.of(
                "environment", Map.of("port", PropertyValue.plain("env")),
                "version", Map.of("port", PropertyValue.plain("version")),
                "component", Map.of("home", PropertyValue.plain("component")),
                "agent", Map.of("home", PropertyValue.plain("agent"))),
            Map.of(),
            Map.of());
    var r = new PropertyResolver(context);
    assertThat(r.resolve("${p:port} ${p:home}")).isEqualTo("version agent");
  }
}

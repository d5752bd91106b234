package io.shiplock.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.model.PropertyValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyResolverTest {
  private final PropertyContext context =
      new PropertyContext(
          Map.of(
              "environment",
                  Map.of(
                      "registry",
                      PropertyValue.plain("localhost:5000"),
                      "port",
                      PropertyValue.plain("18083")),
              "componentEnvironment",
                  Map.of(
                      "port",
                      PropertyValue.plain("9999"),
                      "imageId",
                      PropertyValue.plain("sha256:1")),
              "component",
                  Map.of(
                      "imageName",
                      PropertyValue.plain("svc"),
                      "ref",
                      PropertyValue.plain("${p:component/imageName}:x")),
              "request", Map.of("password", PropertyValue.secret("hunter2"))),
          Map.of("version.name", "1.2.3", "component.name", "Svc"),
          Map.of("build", Map.of("imageId", "sha256:abc")));

  private PropertyResolver resolver() {
    return new PropertyResolver(context);
  }

  @Test
  void resolvesQualifiedUnqualifiedBuiltinsAndStepOutputs() {
    PropertyResolver r = resolver();
    assertThat(r.resolve("${p:environment/registry}/${p:component/imageName}:${p:version.name}"))
        .isEqualTo("localhost:5000/svc:1.2.3");
    assertThat(r.resolve("${p:build/imageId}")).isEqualTo("sha256:abc");
    assertThat(r.resolve("${p:imageId}")).isEqualTo("sha256:1");
  }

  @Test
  void anEnvironmentPropertyBeatsAComponentEnvironmentPropertyOfTheSameName() {
    assertThat(resolver().resolve("${p:port}")).isEqualTo("18083");
    assertThat(resolver().resolve("${p:componentEnvironment/port}")).isEqualTo("9999");
  }

  @Test
  void optionalReferencesAreBlankAndMissingOnesNameTheProperty() {
    assertThat(resolver().resolve("[${p?:nothing}]")).isEqualTo("[]");
    assertThatThrownBy(() -> resolver().resolve("${p:nothing}"))
        .isInstanceOf(PropertyResolver.Unresolved.class)
        .hasMessageContaining("property 'nothing' is not defined");
    assertThatThrownBy(() -> resolver().resolve("${p:biuld/imageId}"))
        .hasMessageContaining("'biuld' is neither a scope");
  }

  @Test
  void nestedReferencesResolveAndSecretsAreReported() {
    PropertyResolver r = resolver();
    assertThat(r.resolve("${p:component/ref}")).isEqualTo("svc:x");
    assertThat(r.resolveValue(List.of("--password", "${p:password}")))
        .isEqualTo(List.of("--password", "hunter2"));
    assertThat(r.secretsUsed()).containsExactly("hunter2");
  }

  @Test
  void aCycleIsReportedNotLoopedForever() {
    var cyclic =
        new PropertyContext(
            Map.of(
                "request",
                Map.of("a", PropertyValue.plain("${p:b}"), "b", PropertyValue.plain("${p:a}"))),
            Map.of(),
            Map.of());
    assertThatThrownBy(() -> new PropertyResolver(cyclic).resolve("${p:a}"))
        .hasMessageContaining("deeper than");
  }
}

package io.shiplock.server;

/** Configuration the tests share. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * Application Shop with component Svc, whose process {@code deploy} runs one shell step ({@code
   * script}), and environment DEV with the component on {@code agent}.
   */
  public static String shop(String agent, String script) {
    return """
        kind: Agent
        name: %1$s
        ---
        kind: Component
        name: Svc
        processes:
          - name: deploy
            steps:
              - {name: hello, type: shell, with: {script: "%2$s"}}
        ---
        kind: Application
        name: Shop
        components: [Svc]
        processes:
          - name: deploy
            steps:
              - {name: deploy, type: component.install, with: {component: Svc, process: deploy}}
        ---
        kind: Environment
        application: Shop
        name: DEV
        resources:
          - agent: %1$s
            children: [{component: Svc}]
        """
        .formatted(agent, script);
  }
}

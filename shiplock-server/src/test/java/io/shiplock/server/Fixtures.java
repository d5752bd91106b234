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

  /**
   * Application App with component Svc, whose process {@code one} runs one shell step ({@code
   * script}) through the application process {@code deploy} (no version needed), and environment
   * Prod on {@code agent} running at most {@code concurrency} requests at once (0: no limit).
   */
  public static String limited(String agent, String script, int concurrency) {
    return app(agent, script, concurrency > 0 ? "concurrency: " + concurrency : "");
  }

  /**
   * One agent, component Svc (process {@code one}: a shell step running {@code script}) and App
   * (process {@code deploy}) with environment Prod, whose extra settings are {@code environment}
   * (YAML lines at the environment's level); role {@code approver} may view and approve.
   */
  public static String app(String agent, String script, String environment) {
    return """
        kind: Role
        name: approver
        permissions: [view, approve]
        ---
        kind: Agent
        name: %1$s
        ---
        kind: Component
        name: Svc
        processes:
          - name: one
            steps:
              - {name: work, type: shell, with: {script: "%2$s"}}
        ---
        kind: Application
        name: App
        components: [Svc]
        processes:
          - name: deploy
            steps:
              - {name: run, type: component.run, with: {component: Svc, process: one}}
        ---
        kind: Environment
        application: App
        name: Prod
        %3$s
        resources:
          - agent: %1$s
            children: [{component: Svc}]
        """
        .formatted(agent, script, environment);
  }
}

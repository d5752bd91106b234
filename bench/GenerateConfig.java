import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a large configuration for the apply/plan benchmark: 10 applications of 50 components
 * each (500 components), 2 environments per application (20), one 4-step process per component
 * (2,000 steps), and a resource tree with every component on an agent.
 *
 * <p>Run: java bench/GenerateConfig.java OUT_DIR
 */
public class GenerateConfig {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/results/config");
    Files.createDirectories(out);
    StringBuilder common = new StringBuilder();
    common.append("kind: Status\nname: Passed\nscope: version\n---\n");
    common.append("kind: Status\nname: Deployed\nscope: inventory\n---\n");
    for (int a = 0; a < 10; a++) common.append("kind: Agent\nname: agent-").append(a).append("\n---\n");
    Files.writeString(out.resolve("common.yaml"), common);
    for (int a = 0; a < 10; a++) {
      StringBuilder sb = new StringBuilder();
      StringBuilder components = new StringBuilder();
      for (int c = 0; c < 50; c++) {
        String name = "svc-" + a + "-" + c;
        components.append(c == 0 ? "" : ", ").append(name);
        sb.append("kind: Component\nname: ").append(name).append("\n");
        sb.append("properties:\n  imageName: ").append(name).append("\n  port: \"80").append(c % 10).append("\"\n");
        sb.append("environmentProperties:\n  - name: imageId\n  - name: containerId\n");
        sb.append("processes:\n  - name: deploy\n    steps:\n");
        sb.append("      - name: pull\n        type: docker.pull\n        with: {image: \"${p:component/imageName}:${p:version.name}\"}\n");
        sb.append("      - name: run\n        type: docker.run\n        with: {image: \"${p:component/imageName}:${p:version.name}\", detach: true}\n        timeout: 5m\n");
        sb.append("      - name: check\n        type: shell\n        with: {argv: [curl, -fsS, \"http://localhost:${p:component/port}/health\"]}\n        retryable: true\n");
        sb.append("      - name: mark\n        type: inventory.status.add\n        with: {status: Deployed}\n");
        sb.append("---\n");
      }
      sb.append("kind: Application\nname: app-").append(a).append("\ncomponents: [").append(components).append("]\n");
      sb.append("processes:\n  - name: deploy\n    steps:\n      - name: first\n        type: component.install\n        with: {component: svc-")
          .append(a).append("-0, process: deploy}\n---\n");
      for (int e = 0; e < 2; e++) {
        sb.append("kind: Environment\napplication: app-").append(a).append("\nname: env-").append(e).append("\n");
        if (e == 1) sb.append("gate:\n  allOf: [Passed]\n");
        sb.append("properties:\n  region: r").append(e).append("\n");
        sb.append("resources:\n  - name: hosts\n    children:\n      - agent: agent-").append(a).append("\n        children:\n");
        for (int c = 0; c < 50; c++) sb.append("          - component: svc-").append(a).append("-").append(c).append("\n");
        sb.append("---\n");
      }
      Files.writeString(out.resolve("app-" + a + ".yaml"), sb);
    }
    System.out.println(out);
  }
}

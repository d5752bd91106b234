package io.shiplock.server.api;

import java.util.List;

/**
 * The WADL {@code udclient} downloads on every run and builds its commands from, written to the
 * parse rules the real client follows (UCD-COMPAT.md §1): unprefixed elements (the client is not
 * namespace-aware), every top resource path starting with {@code /}, one {@code method} per command
 * id, every template a JSON object, every {@code response} with a {@code representation}.
 */
final class UcdWadl {
  private UcdWadl() {}

  static String of(List<UcdCommand> commands) {
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<application xmlns=\"http://wadl.dev.java.net/2009/02\">\n");
    x.append("  <resources base=\"/cli/\">\n");
    for (UcdCommand c : commands) {
      x.append("    <resource path=\"").append(attr(c.path())).append("\">\n");
      x.append("      <method name=\"")
          .append(c.method().name())
          .append("\" id=\"")
          .append(attr(c.id()))
          .append("\">\n");
      x.append("        <doc><summary>").append(text(c.summary())).append("</summary>");
      if (c.template() != null)
        x.append("<template>").append(text(c.template())).append("</template>");
      x.append("</doc>\n");
      x.append("        <request>\n");
      for (UcdCommand.Param p : c.params()) {
        x.append("          <param name=\"")
            .append(attr(p.name()))
            .append("\" style=\"query\" type=\"xs:string\"");
        if (p.required()) x.append(" required=\"true\"");
        x.append("><doc><description>").append(text(p.description())).append("</description>");
        if (p.environmentName() != null)
          x.append("<environmentName>")
              .append(text(p.environmentName()))
              .append("</environmentName>");
        x.append("</doc></param>\n");
      }
      x.append("        </request>\n");
      x.append("        <response><representation mediaType=\"")
          .append(attr(c.mediaType()))
          .append("\"/></response>\n");
      x.append("      </method>\n");
      x.append("    </resource>\n");
    }
    x.append("  </resources>\n</application>\n");
    return x.toString();
  }

  private static String text(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String attr(String s) {
    return text(s).replace("\"", "&quot;");
  }
}
